import { useTranslation } from 'react-i18next';
import { pickText } from '../../shared/i18n.js';
import { useAppData } from '../data.js';
import { Loading, SessionItem, useLang, useProgramme } from '../ui.js';
import { Link } from '../router.js';

/** A speaker, moderator or host: who they are and the sessions they appear in. */
export default function SpeakerPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const p = useProgramme();
  const { starred } = useAppData();
  if (!p) return <Loading />;
  const person = p.people.find((x) => x.id === id);
  if (!person) return <p role="alert">{t('person.notFound')}</p>;
  const sessions = p.sessions.filter((s) => s.people.some((x) => x.personId === id)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const bio = pickText(person.bio, lang);
  return (
    <article>
      <p>
        <Link to="/">← {t('programme.title')}</Link>
      </p>
      <h2>{person.name}</h2>
      {person.nameLatin !== person.name && <p className="muted">{person.nameLatin}</p>}
      {(person.title || person.organisation) && <p>{[pickText(person.title, lang), person.organisation].filter(Boolean).join(', ')}</p>}
      {bio && <p className="prose">{bio}</p>}
      <h3>{t('person.sessions')}</h3>
      <ol className="sessions">
        {sessions.map((s) => (
          <SessionItem key={s.id} p={p} s={s} starred={starred.has(s.id)} />
        ))}
      </ol>
    </article>
  );
}
