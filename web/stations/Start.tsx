import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.js';
import { rememberCsrf, setDeviceToken, stationFetch } from './station-api.js';

export interface Grant {
  role: string;
  eventId: number | null;
  boardId: number | null;
}
export interface Me {
  userId: number;
  email: string;
  displayName: string;
  csrfToken: string | null;
  grants: Grant[];
}
export type StationKind = 'desk' | 'gate' | 'driver';

/** Which stations an account may open in an event (mirrors badges.desk, gate.scan and carts.drive on the server). */
export function stationsFor(me: Me, eventId: number): StationKind[] {
  const roles = new Set(me.grants.filter((g) => g.eventId === null || g.eventId === eventId).map((g) => g.role));
  const kinds: StationKind[] = [];
  if (roles.has('organiser') || roles.has('desk_staff')) kinds.push('desk');
  if (roles.has('organiser') || roles.has('gate_staff') || roles.has('device')) kinds.push('gate');
  if (roles.has('organiser') || roles.has('driver')) kinds.push('driver');
  return kinds;
}

/** Signing in at a station: staff with email and password, a scanner with a device token pasted once. */
/** An organiser may drive any cart (and chooses which); a driver gets the cart assigned to them. */
export function picksCart(me: Me, eventId: number): boolean {
  return me.grants.some((g) => (g.eventId === null || g.eventId === eventId) && g.role === 'organiser');
}

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function attempt(work: () => Promise<Me>) {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await work());
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('stations.unreachable'));
    } finally {
      setBusy(false);
    }
  }

  function staff(e: FormEvent) {
    e.preventDefault();
    void attempt(async () => {
      setDeviceToken(null);
      const me = (await stationFetch<Me>('POST', '/api/v1/auth/login', { email, password })).data;
      rememberCsrf(me.csrfToken);
      return me;
    });
  }
  function device(e: FormEvent) {
    e.preventDefault();
    void attempt(async () => {
      setDeviceToken(token.trim());
      try {
        return (await stationFetch<Me>('GET', '/api/v1/auth/me')).data;
      } catch (err) {
        setDeviceToken(null);
        throw err;
      }
    });
  }

  return (
    <div className="sign-in">
      <form onSubmit={staff} aria-labelledby="staff-title">
        <h2 id="staff-title">{t('stations.staffSignIn')}</h2>
        <label>
          {t('stations.email')}
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('stations.password')}
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('stations.signIn')}
        </button>
      </form>
      <form onSubmit={device} aria-labelledby="device-title">
        <h2 id="device-title">{t('stations.deviceSignIn')}</h2>
        <label>
          {t('stations.deviceToken')}
          <input required value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="secondary" disabled={busy}>
          {t('stations.useToken')}
        </button>
      </form>
      {error && (
        <p role="alert" className="notice">
          {error}
        </p>
      )}
    </div>
  );
}
