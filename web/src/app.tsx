/**
 * The dashboard shell: who is signed in (or open mode), the workspace being viewed, the navigation,
 * and the page for the address. The demo workspace and open mode are labelled on every page.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, loadApiIndex, setWorkspace } from './api.ts';
import { ErrorNote, syncClock } from './components/bits.tsx';
import logo from './favicon.svg';
import { DefinitionPage } from './pages/definition.tsx';
import { DestinationsPage } from './pages/destinations.tsx';
import { FunnelPage } from './pages/funnel.tsx';
import { LeadPage } from './pages/lead.tsx';
import { QueuePage } from './pages/queue.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { navigate, onLinkClick, parseRoute, useLocation } from './router.ts';
import type { SessionInfo } from './types.ts';

const STORED_WORKSPACE = 'kindling.workspace';

function pickWorkspace(session: SessionInfo, wanted: string | null): string | null {
  const ids = session.workspaces.map((w) => w.id);
  if (wanted !== null && ids.includes(wanted)) return wanted;
  if (session.workspace !== null) return session.workspace;
  const stored = localStorage.getItem(STORED_WORKSPACE);
  if (stored !== null && ids.includes(stored)) return stored;
  if (session.demo.state !== 'off' && ids.includes(session.demo.workspaceId)) return session.demo.workspaceId;
  return ids[0] ?? null;
}

const NAV = [
  { href: '/', label: 'Lead queue', page: 'queue' },
  { href: '/definition', label: 'Definition', page: 'definition' },
  { href: '/funnel', label: 'Funnel', page: 'funnel' },
  { href: '/destinations', label: 'Destinations', page: 'destinations' },
] as const;

export function App() {
  const where = useLocation();
  const route = parseRoute(where.pathname);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [current, setCurrent] = useState<string | null>(null);

  const refreshSession = useCallback(async () => {
    try {
      // In parallel: the queue needs only the session; other pages also need the API index.
      const [info] = await Promise.all([api<SessionInfo>('/api/session'), loadApiIndex()]);
      syncClock(info.now);
      setSession(info);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, []);

  useEffect(() => {
    void refreshSession();
  }, [refreshSession]);

  const signedIn = session !== null && session.mode !== 'signed-out';
  const wanted = route.page === 'lead' ? route.workspace : current;
  const ws = session === null || !signedIn ? null : pickWorkspace(session, wanted);
  setWorkspace(ws);

  useEffect(() => {
    if (session !== null && !signedIn && route.page !== 'sign-in') navigate('/sign-in');
  }, [session, signedIn, route.page]);

  // While the demo workspace is being prepared, look again every few seconds.
  useEffect(() => {
    if (session?.demo.state !== 'preparing') return;
    const timer = setTimeout(() => void refreshSession(), 3000);
    return () => clearTimeout(timer);
  }, [session, refreshSession]);

  const switchTo = (id: string) => {
    localStorage.setItem(STORED_WORKSPACE, id);
    setCurrent(id);
    if (route.page === 'lead') navigate('/');
  };

  const signOut = async () => {
    await api('/api/session', { method: 'DELETE' });
    await refreshSession();
  };

  const info = session?.workspaces.find((w) => w.id === ws) ?? null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegates link clicks to client-side navigation; links stay links.
    // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard activation of a link fires the same click event.
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      {session?.open ? (
        <div class="banner banner-open" role="note">
          <strong>Open mode</strong>: no sign-in. Anyone on this machine can use this dashboard and the admin
          API (loopback only).
        </div>
      ) : null}
      {info?.demo ? (
        <div class="banner banner-demo" role="note">
          <strong>Demo workspace</strong>: generated data for a fictitious product, with a live event stream.
          Your real data lives in other workspaces.
          {session?.demo.state === 'preparing' ? ' Preparing the demo data…' : ''}
        </div>
      ) : null}
      <header class="top">
        <a class="brand" href="/" aria-label="Kindling home">
          <img src={logo} alt="" width="22" height="22" /> Kindling
        </a>
        {signedIn ? (
          <nav aria-label="Pages">
            <ul>
              {NAV.map((item) => (
                <li key={item.href}>
                  <a href={item.href} aria-current={route.page === item.page ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {signedIn && session !== null ? (
          <div class="who">
            <label class="workspace">
              <span>Workspace</span>
              <select
                value={ws ?? ''}
                onChange={(e) => switchTo((e.currentTarget as HTMLSelectElement).value)}
                disabled={session.workspaces.length < 2}
              >
                {session.workspaces.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.demo ? `${w.name}` : w.name}
                  </option>
                ))}
              </select>
            </label>
            {session.mode === 'session' ? (
              <button type="button" class="link" onClick={() => void signOut()}>
                Sign out
              </button>
            ) : null}
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorNote error={error} />
        {session === null ? (
          <p class="loading">Loading…</p>
        ) : route.page === 'sign-in' ? (
          <SignInPage session={session} onSignedIn={refreshSession} />
        ) : !signedIn || ws === null ? null : (
          <Page route={route} workspace={ws} key={`${ws}:${where.pathname}`} />
        )}
      </main>
    </div>
  );
}

function Page({ route, workspace }: { route: ReturnType<typeof parseRoute>; workspace: string }) {
  switch (route.page) {
    case 'queue':
      return <QueuePage workspace={workspace} />;
    case 'lead':
      return <LeadPage workspace={workspace} type={route.type} id={route.id} />;
    case 'definition':
      return <DefinitionPage />;
    case 'funnel':
      return <FunnelPage />;
    case 'destinations':
      return <DestinationsPage />;
    default:
      return (
        <div class="panel">
          <h1>Page not found</h1>
          <p>
            <a href="/">Back to the lead queue</a>
          </p>
        </div>
      );
  }
}
