import type { QueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { PageTitle } from '../components/PageTitle.js';
import { saveApiKey, signOut } from './session.js';

const REASONS: Record<string, string> = {
  rejected:
    'The hub refused your API key: it is wrong, or it was revoked. Sign in with a valid key to go on.',
  'signed-out': 'You are signed out. The key was removed from this tab.',
};

/** Sign-in: the operator pastes an API key; the console checks it with the hub before keeping it. */
export function SignInScreen({ queryClient }: { queryClient: QueryClient }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reason = params.get('reason');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!key.trim()) {
      setError(new Error('Paste an API key first.'));
      return;
    }
    setBusy(true);
    saveApiKey(key);
    try {
      // Any authenticated read proves the key; a 401 clears it again (api client middleware).
      unwrap(await api.GET('/v1/integrations', { params: { query: { pageSize: 1 } } }));
      queryClient.clear();
      const next = params.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/integrations', { replace: true });
    } catch (failure) {
      signOut('signed-out');
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in">
      <PageTitle>Sign in to the integration hub</PageTitle>
      {reason && REASONS[reason] && (
        <p role="alert" className={reason === 'rejected' ? 'alert alert-error' : 'alert'}>
          {REASONS[reason]}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label htmlFor="api-key">API key</label>
        <p id="api-key-help" className="help">
          A key made with <code>POST /v1/api-keys</code>, or the development admin key that{' '}
          <code>npm start</code> prints. It is kept in this tab only and sent as a bearer token.
        </p>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="api-key-help"
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <ErrorMessage error={error} title="Could not sign in" />
    </main>
  );
}
