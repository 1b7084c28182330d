import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, rememberCsrf } from '../shared/api.js';
import type { Me } from './access.js';
import { FormError, SaveButton, TextField, useApiError } from './fields.js';

export function Login({ onLogin }: { onLogin: (me: Me) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, forField, run, busy } = useApiError();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const me = await run(() => api<Me>('POST', '/api/v1/auth/login', { email, password }));
    if (me) {
      rememberCsrf(me.csrfToken);
      onLogin(me);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="login" aria-labelledby="login-title">
      <h2 id="login-title">{t('console.login')}</h2>
      <TextField label={t('console.email')} type="email" autoComplete="username" required value={email} onChange={setEmail} error={forField('email')} />
      <TextField label={t('console.password')} type="password" autoComplete="current-password" required value={password} onChange={setPassword} error={forField('password')} />
      <FormError error={error} fields={['email', 'password']} />
      <SaveButton busy={busy} label={t('console.login')} />
    </form>
  );
}
