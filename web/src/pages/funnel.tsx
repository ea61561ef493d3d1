/**
 * The funnel: weekly PQLs by tier, conversion by score band, SLA adherence, PQL versus baseline,
 * from `GET /api/metrics/funnel` (the funnel report). Until the server offers it, an empty state.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, has } from '../api.ts';
import { Empty, ErrorNote } from '../components/bits.tsx';
import type { DefinitionView } from '../types.ts';
import { FunnelCharts, type FunnelReport } from './funnel-charts.tsx';

export function FunnelPage() {
  const available = has('GET', '/api/metrics/funnel');
  const [report, setReport] = useState<FunnelReport | null>(null);
  const [tiers, setTiers] = useState<readonly string[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!available) return;
    api<FunnelReport>('/api/metrics/funnel').then(setReport).catch(setError);
    // Tier order (coolest first) for the chart's colours; a workspace without a definition has none.
    api<DefinitionView>('/api/definition')
      .then((d) => setTiers(d.tiers.map((t) => t.name)))
      .catch(() => setTiers([]));
  }, [available]);
  return (
    <div class="page">
      <div class="page-head">
        <h1>Funnel</h1>
      </div>
      {!available ? (
        <Empty title="The funnel report is not available on this server yet">
          <p>
            It shows weekly PQLs by tier, conversion by score band, SLA adherence and PQLs against the
            baseline, from the qualifications and the outcomes you record (<code>POST /api/outcomes</code>).
          </p>
        </Empty>
      ) : report === null ? (
        error === null ? (
          <p class="loading">Loading…</p>
        ) : (
          <ErrorNote error={error} />
        )
      ) : (
        <FunnelCharts report={report} tiers={tiers} />
      )}
    </div>
  );
}
