/** The definition's versions (the versions API): which is live and which shadow; activate one; roll back. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, has } from '../api.ts';
import { ErrorNote } from '../components/bits.tsx';
import { when } from '../format.ts';

interface VersionItem {
  readonly version: string;
  readonly name: string;
  readonly entity: string;
  readonly created_at: string;
  readonly live: boolean;
  readonly shadow: boolean;
}

interface VersionList {
  readonly live: string | null;
  readonly shadow: string | null;
  readonly versions: readonly VersionItem[];
}

export function Versions({ onChanged }: { onChanged: () => void }) {
  const [list, setList] = useState<VersionList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setList(await api<VersionList>('/api/versions'));
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (path: string, body: unknown) => {
    try {
      await api(path, { method: 'POST', body });
      setError(null);
      await load();
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  if (list === null) return error === null ? <p class="loading">Loading…</p> : <ErrorNote error={error} />;
  const canActivate = has('POST', '/api/versions/activate');
  const canRollback = has('POST', '/api/versions/rollback');
  return (
    <div>
      <ErrorNote error={error} />
      <table class="compact">
        <caption class="visually-hidden">Definition versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Name</th>
            <th scope="col">Saved</th>
            <th scope="col">Role here</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.versions.map((v) => (
            <tr key={v.version}>
              <td>
                <code>{v.version}</code>
              </td>
              <td>{v.name}</td>
              <td>{when(v.created_at)}</td>
              <td>{v.live ? <strong>live</strong> : v.shadow ? 'shadow' : ''}</td>
              <td>
                {canActivate && !v.live ? (
                  <button
                    type="button"
                    onClick={() => void act('/api/versions/activate', { version: v.version, role: 'live' })}
                    aria-label={`Activate version ${v.version}`}
                  >
                    Activate
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canRollback ? (
        <p>
          <button type="button" onClick={() => void act('/api/versions/rollback', {})}>
            Roll back to the previous live version
          </button>
        </p>
      ) : null}
    </div>
  );
}
