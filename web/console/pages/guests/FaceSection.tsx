import { useTranslation } from 'react-i18next';
import { api, eventPath } from '../../../shared/api.js';
import { formatDateTime } from '../../../shared/format.js';
import { currentLang } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { FormError, useApiError } from '../../fields.js';
import { useApi } from '../../../shared/query.js';

interface FaceStatus {
  consent: boolean;
  photo: boolean;
  enrolment: { model: string; facePx: number; score: number; enrolledAt: string } | null;
}

/**
 * The guest's face enrolment for the gates: whether there is one (never the template), why not (consent, photo),
 * enrol from the registration photo, and delete at once. Each change is in the guest's history.
 */
export function FaceSection({ guestId, onChanged }: { guestId: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const path = eventPath(event.slug, `/guests/${guestId}/face-enrolment`);
  const status = useApi<FaceStatus>(path);
  const { error, run, busy } = useApiError();
  const act = async (method: 'POST' | 'DELETE') => {
    if (method === 'DELETE' && !window.confirm(t('guests.face.confirmDelete'))) return;
    if (await run(() => api(method, path))) onChanged();
  };
  const s = status.data;
  if (!s) return null;
  return (
    <section aria-labelledby="guest-face" className="guest-face">
      <h4 id="guest-face">{t('guests.face.title')}</h4>
      <p data-testid="face-status">
        {s.enrolment
          ? t('guests.face.enrolled', { at: formatDateTime(s.enrolment.enrolledAt, event.timezone, currentLang()), px: s.enrolment.facePx, score: s.enrolment.score.toFixed(2) })
          : !s.consent
            ? t('guests.face.noConsent')
            : !s.photo
              ? t('guests.face.noPhoto')
              : t('guests.face.notEnrolled')}
      </p>
      <FormError error={error} fields={[]} />
      <div className="actions">
        {s.consent && s.photo && (
          <button type="button" disabled={busy} onClick={() => void act('POST')}>
            {s.enrolment ? t('guests.face.reenrol') : t('guests.face.enrol')}
          </button>
        )}
        {s.enrolment && (
          <button type="button" className="danger" disabled={busy} onClick={() => void act('DELETE')}>
            {t('guests.face.delete')}
          </button>
        )}
      </div>
    </section>
  );
}
