import { useTranslation } from 'react-i18next';
import { useAppData } from '../data.js';
import { Link } from '../router.js';
import { callPath, readOpenRide, ridePath } from './cart-store.js';

/** The way to the carts from inside the app: follow the ride this phone has open, or call one. */
export function CartEntry() {
  const { t } = useTranslation();
  const { slug } = useAppData();
  const open = readOpenRide();
  if (!slug) return null;
  return (
    <aside className="cart-entry" aria-labelledby="cart-entry-title">
      <h3 id="cart-entry-title">{open ? t('cart.openRide') : t('cart.entry')}</h3>
      {open ? (
        <p>
          <Link to={ridePath(open.token)}>{t('cart.followRide')}</Link>
        </p>
      ) : (
        <>
          <p className="muted">{t('cart.entryHint')}</p>
          <p>
            <Link to={callPath(slug)}>{t('cart.title')}</Link>
          </p>
        </>
      )}
    </aside>
  );
}
