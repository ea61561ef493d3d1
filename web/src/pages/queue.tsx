/**
 * The lead queue: every lead of the workspace, one page at a time (sorted and filtered by the
 * server), live: the server-sent event stream announces each qualification and lead change, and
 * the page reloads itself. Tier, score, who, the top signals in words, owner, SLA, status, actions.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../api.ts';
import { Empty, ErrorNote, syncClock, TierBadge, useNow } from '../components/bits.tsx';
import { LeadActions } from '../components/lead-actions.tsx';
import { Sla } from '../components/sla.tsx';
import { count, entityLabel } from '../format.ts';
import { leadHref, navigate, useLocation } from '../router.ts';
import type { Facet, LeadPage } from '../types.ts';

const ALL = '*';
const FILTERS = ['tier', 'owner', 'status', 'definition'] as const;
type Filter = (typeof FILTERS)[number];
const FACET_OF = { tier: 'tiers', owner: 'owners', status: 'statuses', definition: 'definitions' } as const;

function readFilters(search: string) {
  const params = new URLSearchParams(search);
  const filters: Partial<Record<Filter, string>> = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value !== null) filters[name] = value;
  }
  return {
    filters,
    sort: params.get('sort') ?? 'score',
    page: Math.max(1, Number(params.get('page') ?? '1') || 1),
  };
}

function facetLabel(name: Filter, facet: Facet): string {
  if (name === 'owner') return facet.value === null ? 'Unassigned' : (facet.label ?? facet.value);
  return facet.value ?? (name === 'tier' ? 'No tier' : '—');
}

export function QueuePage({ workspace }: { workspace: string }) {
  const where = useLocation();
  const { filters, sort, page } = readFilters(where.search);
  const [data, setData] = useState<LeadPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const now = useNow(1000);
  const searchKey = where.search;
  const reloadTimer = useRef<number | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const result = await api<LeadPage>(
          `/api/leads${query({ ...filters, sort, page, pageSize: 50 })}`,
          signal === undefined ? {} : { signal },
        );
        syncClock(result.now);
        setData(result);
        setError(null);
      } catch (failure) {
        if (!(failure instanceof DOMException && failure.name === 'AbortError')) setError(failure);
      }
    },
    [searchKey],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // Live: every qualification or lead change in this workspace reloads the page (debounced).
  useEffect(() => {
    const source = new EventSource(`/api/stream${query({ workspace })}`);
    const changed = (event: MessageEvent<string>) => {
      const item = JSON.parse(event.data) as { entityId?: string };
      if (item.entityId !== undefined) {
        const id = item.entityId;
        setFresh((ids) => new Set([...ids, id]));
        setTimeout(() => setFresh((ids) => new Set([...ids].filter((x) => x !== id))), 8000);
      }
      if (reloadTimer.current !== null) clearTimeout(reloadTimer.current);
      reloadTimer.current = window.setTimeout(() => void load(), 300);
    };
    source.addEventListener('ready', () => setLive('live'));
    source.addEventListener('qualification', changed);
    source.addEventListener('lead', changed);
    source.onerror = () => setLive(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => {
      source.close();
      if (reloadTimer.current !== null) clearTimeout(reloadTimer.current);
    };
  }, [workspace, load]);

  const setParam = (name: string, value: string | null) => {
    const params = new URLSearchParams(where.search);
    if (value === null) params.delete(name);
    else params.set(name, value);
    if (name !== 'page') params.delete('page');
    const text = params.toString();
    navigate(text === '' ? '/' : `/?${text}`);
  };

  const first = data === null || data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const last = data === null ? 0 : Math.min(data.total, data.page * data.pageSize);
  return (
    <div class="page">
      <div class="page-head">
        <h1>Lead queue</h1>
        <p class={`live live-${live}`} aria-live="polite">
          <span class="dot" aria-hidden="true" />
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Offline: reload the page'}
        </p>
      </div>
      <form class="filters" aria-label="Filter and sort leads" onSubmit={(e) => e.preventDefault()}>
        {FILTERS.map((name) => (
          <label key={name}>
            <span>{name === 'definition' ? 'Definition' : name[0]?.toUpperCase() + name.slice(1)}</span>
            <select
              value={filters[name] ?? ALL}
              onChange={(e) => {
                const value = (e.currentTarget as HTMLSelectElement).value;
                setParam(name, value === ALL ? null : value);
              }}
            >
              <option value={ALL}>All</option>
              {(data?.facets[FACET_OF[name]] ?? []).map((facet) => (
                <option key={facet.value ?? ''} value={facet.value ?? ''}>
                  {facetLabel(name, facet)} ({count(facet.count)})
                </option>
              ))}
            </select>
          </label>
        ))}
        <label>
          <span>Sort</span>
          <select
            value={sort}
            onChange={(e) => setParam('sort', (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="score">Highest score</option>
            <option value="sla">SLA due soonest</option>
            <option value="recent">Newest</option>
          </select>
        </label>
      </form>
      <ErrorNote error={error} />
      {data === null ? (
        <p class="loading">Loading leads…</p>
      ) : data.total === 0 ? (
        <Empty title="No leads here yet">
          <p>
            Leads appear when an account or user qualifies: their tier rises, or they raise a hand. This view
            updates live.
          </p>
        </Empty>
      ) : (
        <>
          <table class="queue" aria-describedby="queue-count">
            <caption id="queue-count">
              Showing {count(first)}–{count(last)} of {count(data.total)} leads
            </caption>
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Score</th>
                <th scope="col">Lead</th>
                <th scope="col">Why</th>
                <th scope="col">Owner</th>
                <th scope="col">SLA</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.leads.map((lead) => (
                <tr
                  key={`${lead.entityType}:${lead.entityId}`}
                  class={fresh.has(lead.entityId) ? 'fresh' : undefined}
                  data-entity={lead.entityId}
                >
                  <td data-label="Tier">
                    <TierBadge tier={lead.tier} />
                    {lead.handRaiser ? (
                      <span class="hand" title="Raised a hand (a hand-raiser signal holds)">
                        hand-raiser
                      </span>
                    ) : null}
                  </td>
                  <td data-label="Score" class="num">
                    {lead.score}
                  </td>
                  <td data-label="Lead">
                    <a href={leadHref(workspace, lead.entityType, lead.entityId)} class="lead-name">
                      {entityLabel(lead)}
                    </a>
                    <span class="sub">
                      {[lead.company, lead.entityType === 'user' ? lead.email : null]
                        .filter((x) => x !== null)
                        .join(' · ') || `${lead.entityType} ${lead.entityId}`}
                    </span>
                  </td>
                  <td data-label="Why">
                    <ul class="signals">
                      {lead.topSignals.map((s) => (
                        <li key={s.signal}>
                          <span class={`points${s.points < 0 ? ' negative' : ''}`}>
                            {s.points < 0 ? `−${-s.points}` : `+${s.points}`}
                          </span>{' '}
                          {s.text}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-label="Owner">
                    {lead.ownerName ?? lead.owner ?? <span class="muted">unassigned</span>}
                  </td>
                  <td data-label="SLA">
                    <Sla lead={lead} now={now} />
                  </td>
                  <td data-label="Status">
                    <span class={`status status-${lead.status}`}>{lead.status}</span>
                  </td>
                  <td data-label="Actions">
                    <LeadActions lead={lead} onDone={() => void load()} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Pages of leads">
            <button
              type="button"
              disabled={data.page <= 1}
              onClick={() => setParam('page', String(data.page - 1))}
            >
              ← Previous
            </button>
            <span>
              Page {data.page} of {Math.max(1, Math.ceil(data.total / data.pageSize))}
            </span>
            <button
              type="button"
              disabled={last >= data.total}
              onClick={() => setParam('page', String(data.page + 1))}
            >
              Next →
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
