import { useTranslation } from 'react-i18next';
import type { CartNetwork } from '../../../../src/modules/logistics/carts.schema.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { eventPath } from '../../../shared/api.js';
import { QueryState, useApi } from '../../../shared/query.js';

/** The stops' QR posters as printable PDFs: all of them in one file, or one stop's. */
export function PostersSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const network = useApi<CartNetwork>(eventPath(event.slug, '/cart-network'));
  const all = eventPath(event.slug, '/cart-posters.pdf');
  const callBase = `${location.origin}/app/cart/${encodeURIComponent(event.slug)}/`;
  const callLink = (code: string) => `${callBase}${encodeURIComponent(code)}`;
  const stops = network.data?.stops ?? [];
  const active = stops.filter((s) => s.active);

  return (
    <section aria-labelledby="cart-posters-title">
      <h3 id="cart-posters-title">{t('cartsConsole.posters.title')}</h3>
      <p>{t('cartsConsole.posters.contains')}</p>
      <ul>
        <li>{t('cartsConsole.posters.item1')}</li>
        <li>{t('cartsConsole.posters.item2')}</li>
        <li>{t('cartsConsole.posters.item3', { link: `${callBase}<STOP>` })}</li>
        <li>{t('cartsConsole.posters.item4')}</li>
      </ul>
      <p className="hint">{t('cartsConsole.posters.inactive')}</p>
      <p>
        <a className="button cart-posters-all" href={all} download>
          {t('cartsConsole.posters.all', { n: active.length })}
        </a>
      </p>
      <QueryState of={network} />
      {network.data && (
        <table className="grid cart-posters">
          <caption>{t('cartsConsole.posters.perStop')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cartsConsole.network.code')}</th>
              <th scope="col">{t('cartsConsole.posters.stop')}</th>
              <th scope="col">{t('cartsConsole.posters.qr')}</th>
              <th scope="col">{t('cartsConsole.posters.poster')}</th>
            </tr>
          </thead>
          <tbody>
            {stops.map((s) => (
              <tr key={s.code} className={s.active ? undefined : 'out-of-service'}>
                <th scope="row">{s.code}</th>
                <td>{s.active ? pickText(s.name, lang) : `${pickText(s.name, lang)} (${t('cartsConsole.network.inactive')})`}</td>
                <td>
                  <code>{callLink(s.code)}</code>
                </td>
                <td>
                  <a href={`${all}?stop=${encodeURIComponent(s.code)}`} download>
                    {t('cartsConsole.posters.one', { stop: s.code })}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
