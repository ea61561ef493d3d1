/** Where alerts go: health per destination, the deliveries in trouble with the receiver's last answer, replay. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, workspace } from '../api.ts';
import { Empty, ErrorNote, Section, TierBadge } from '../components/bits.tsx';
import { count, when } from '../format.ts';
import { leadHref } from '../router.ts';
import type { Delivery, DestinationHealth } from '../types.ts';

export function DestinationsPage() {
  const [health, setHealth] = useState<readonly DestinationHealth[] | null>(null);
  const [failed, setFailed] = useState<readonly Delivery[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [h, f] = await Promise.all([
        api<{ destinations: readonly DestinationHealth[] }>('/api/destinations'),
        api<{ deliveries: readonly Delivery[] }>('/api/deliveries?failed=true&limit=100'),
      ]);
      setHealth(h.destinations);
      setFailed(f.deliveries);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const replay = async (id: string) => {
    try {
      await api(`/api/deliveries/${encodeURIComponent(id)}/replay`, { method: 'POST', body: {} });
      setNote(`Delivery ${id} will be sent again on the worker's next pass.`);
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  if (health === null) return error === null ? <p class="loading">Loading…</p> : <ErrorNote error={error} />;
  const ws = workspace() ?? 'default';
  return (
    <div class="page">
      <div class="page-head">
        <h1>Destinations</h1>
      </div>
      <ErrorNote error={error} />
      {note === null ? null : (
        <p class="note" role="status">
          {note}
        </p>
      )}
      <Section title="Health" id="health">
        {health.length === 0 ? (
          <Empty title="No deliveries yet">
            <p>
              Destinations (Slack, webhooks, e-mail, HubSpot, Salesforce) are configured in{' '}
              <code>kindling.yml</code>; each alert to one is listed here with its outcome.
            </p>
          </Empty>
        ) : (
          <table class="compact">
            <caption class="visually-hidden">Health per destination</caption>
            <thead>
              <tr>
                <th scope="col">Destination</th>
                <th scope="col">Delivered</th>
                <th scope="col">Pending</th>
                <th scope="col">Dead</th>
                <th scope="col">Last success</th>
                <th scope="col">Last failure</th>
              </tr>
            </thead>
            <tbody>
              {health.map((h) => (
                <tr key={h.destination} class={h.dead > 0 ? 'row-bad' : undefined}>
                  <th scope="row">
                    <span
                      class={`health-dot ${h.dead > 0 ? 'bad' : h.lastFailure !== null ? 'warn' : 'good'}`}
                      aria-hidden="true"
                    />
                    {h.destination}
                  </th>
                  <td class="num">{count(h.delivered)}</td>
                  <td class="num">{count(h.pending)}</td>
                  <td class="num">{count(h.dead)}</td>
                  <td>{when(h.lastSuccessAt)}</td>
                  <td>
                    {h.lastFailure === null
                      ? '—'
                      : `${when(h.lastFailure.at)}: ${h.lastFailure.status ?? 'no response'} ${h.lastFailure.detail}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Failed deliveries" id="failed">
        {failed.length === 0 ? (
          <p class="ok-text">✓ Nothing failing.</p>
        ) : (
          <table class="compact">
            <caption class="visually-hidden">Dead letters and deliveries being retried</caption>
            <thead>
              <tr>
                <th scope="col">Lead</th>
                <th scope="col">Destination</th>
                <th scope="col">Status</th>
                <th scope="col">Last response</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {failed.map((d) => (
                <tr key={d.id}>
                  <td>
                    <a href={leadHref(ws, d.entityType ?? 'account', d.entityId ?? '')}>
                      {d.name ?? d.entityId}
                    </a>{' '}
                    <TierBadge tier={d.tier ?? null} />
                  </td>
                  <td>{d.destination}</td>
                  <td>
                    {d.status} after {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
                    {d.nextAttemptAt === null ? '' : `; next ${when(d.nextAttemptAt)}`}
                  </td>
                  <td class="detail">
                    {d.lastStatus ?? 'no response'} {d.lastDetail ?? ''}
                  </td>
                  <td>
                    {d.status === 'dead' ? (
                      <button
                        type="button"
                        onClick={() => void replay(d.id)}
                        aria-label={`Replay delivery ${d.id}`}
                      >
                        Replay
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
