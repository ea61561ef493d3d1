/** Sign-in with an admin key: the server answers with a session cookie (HTTP-only; the key is not kept). */
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorNote } from '../components/bits.tsx';
import { navigate } from '../router.ts';
import type { SessionInfo } from '../types.ts';

export function SignInPage({
  session,
  onSignedIn,
}: {
  session: SessionInfo;
  onSignedIn: () => Promise<void>;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (session.mode !== 'signed-out') {
    return (
      <div class="panel narrow">
        <h1>Signed in</h1>
        <p>
          {session.mode === 'open' ? 'Open mode needs no sign-in.' : 'You are signed in.'}{' '}
          <a href="/">Go to the lead queue</a>.
        </p>
      </div>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/session', { method: 'POST', body: { key } });
      setKey('');
      await onSignedIn();
      navigate('/');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="panel narrow">
      <h1>Sign in</h1>
      <p>
        Paste an admin key (it starts with <code>ka_</code>). <code>kindling serve</code> prints one on first
        start; <code>npx kindling keys create admin</code> makes another. The key is exchanged for a session
        cookie and is not stored in the browser.
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          Admin key
          <input
            type="password"
            autocomplete="current-password"
            required
            value={key}
            onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
      </form>
      <ErrorNote error={error} />
    </div>
  );
}
