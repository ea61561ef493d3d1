/**
 * One lead: who, where they stand (tier, score, owner, SLA), the score over the last 30 days, the
 * receipt (gates, signals with evidence, what is missing for the next tier), the alerts and their
 * delivery, the outcomes, and a timeline of events and traits.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Empty, ErrorNote, Section, syncClock, TierBadge, useNow } from '../components/bits.tsx';
import { Chart } from '../components/chart.tsx';
import { LeadActions } from '../components/lead-actions.tsx';
import { Sla } from '../components/sla.tsx';
import { ago, day, when } from '../format.ts';
import type { History, LeadDetail, Receipt } from '../types.ts';

export function LeadPage({
  workspace,
  type,
  id,
}: {
  workspace: string;
  type: 'user' | 'account';
  id: string;
}) {
  const [detail, setDetail] = useState<LeadDetail | null>(null);
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<unknown>(null);
  const now = useNow(1000);
  const base = `/api/leads/${type}/${encodeURIComponent(id)}`;

  const load = useCallback(async () => {
    try {
      const result = await api<LeadDetail>(base);
      syncClock(result.now);
      setDetail(result);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [base]);

  useEffect(() => {
    void load();
    api<History>(`${base}/history?days=30`)
      .then(setHistory)
      .catch(() => setHistory(null));
  }, [load, base]);

  useEffect(() => {
    const source = new EventSource(`/api/stream?workspace=${encodeURIComponent(workspace)}`);
    const changed = (event: MessageEvent<string>) => {
      const item = JSON.parse(event.data) as { entityId?: string };
      if (item.entityId === id) void load();
    };
    source.addEventListener('qualification', changed);
    source.addEventListener('lead', changed);
    return () => source.close();
  }, [workspace, id, load]);

  if (detail === null) return error === null ? <p class="loading">Loading…</p> : <ErrorNote error={error} />;
  const lead = detail.lead;
  const title = detail.name ?? detail.entityId;
  return (
    <div class="page lead-page">
      <p class="crumbs">
        <a href="/">Lead queue</a> › {detail.entityType} {detail.entityId}
      </p>
      <div class="lead-head panel">
        <div>
          <h1>{title}</h1>
          <p class="sub">
            {[
              detail.company !== title ? detail.company : null,
              detail.email,
              `${detail.entityType} ${detail.entityId}`,
            ]
              .filter((x) => x !== null)
              .join(' · ')}
          </p>
        </div>
        <dl class="facts">
          <div>
            <dt>Tier</dt>
            <dd>
              <TierBadge tier={detail.receipt?.tier ?? lead?.tier ?? null} />
            </dd>
          </div>
          <div>
            <dt>Score now</dt>
            <dd class="big">{detail.receipt?.score ?? lead?.score ?? '—'}</dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd>{lead?.ownerName ?? lead?.owner ?? 'unassigned'}</dd>
          </div>
          <div>
            <dt>SLA</dt>
            <dd>{lead === null ? '—' : <Sla lead={lead} now={now} />}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{lead?.status ?? 'not a lead yet'}</dd>
          </div>
        </dl>
        {lead === null ? null : <LeadActions lead={{ ...lead, name: title }} onDone={() => void load()} />}
      </div>

      <Section title="Score, last 30 days" id="history">
        {history === null ? (
          <p class="muted">Scoring the last 30 days…</p>
        ) : (
          <HistoryChart history={history} />
        )}
      </Section>

      <Section title="Why: the receipt" id="receipt">
        {detail.receipt === null ? (
          <Empty title="No receipt">
            <p>This workspace has no definition that scores {detail.entityType}s.</p>
          </Empty>
        ) : (
          <ReceiptView
            receipt={detail.receipt}
            texts={detail.signalTexts}
            labels={detail.signalLabels}
            now={now}
          />
        )}
      </Section>

      <div class="columns">
        <Section title="Alerts" id="alerts">
          {detail.qualifications.length === 0 ? (
            <p class="muted">No qualifications recorded.</p>
          ) : (
            <ul class="alerts">
              {detail.qualifications.map((q) => (
                <li key={q.id} data-qualification={q.id}>
                  <p>
                    <strong>{q.kind === 'qualified' ? 'Qualified' : 'Downgraded'}</strong>{' '}
                    {q.previousTier ?? 'no tier'} → <TierBadge tier={q.tier} /> at score {q.score}{' '}
                    <span class="muted">({when(q.asOf)})</span>
                  </p>
                  <p class="sub">
                    {q.status}
                    {q.reason === null ? '' : ` (${q.reason})`}
                    {q.rule === null ? '' : ` · rule ${q.rule}`}
                    {q.triggerText === null ? '' : ` · after ${q.triggerText}`}
                    {q.shadow ? ' · shadow' : ''}
                  </p>
                  <ul class="deliveries">
                    {detail.deliveries
                      .filter((d) => d.qualificationId === q.id)
                      .map((d) => (
                        <li key={d.id} class={`delivery delivery-${d.status}`}>
                          {d.destination}: <strong>{d.status}</strong>
                          {d.attempts > 0 ? ` after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}` : ''}
                          {d.lastStatus === null && d.lastDetail === null
                            ? ''
                            : ` · last: ${d.lastStatus ?? ''} ${d.lastDetail ?? ''}`}
                        </li>
                      ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Outcomes" id="outcomes">
          {detail.outcomes.length === 0 ? (
            <p class="muted">No outcomes yet.</p>
          ) : (
            <ul class="plain">
              {detail.outcomes.map((o) => (
                <li key={`${o.type}-${o.at}`}>
                  <strong>{o.type}</strong>
                  {o.amount === null ? '' : ` ${o.amount.toLocaleString()}`}{' '}
                  <span class="muted">{when(o.at)}</span>
                  {o.owner === null ? '' : ` · ${o.owner}`} <span class="muted">({o.source})</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>

      <Section title={`Timeline (${detail.eventCount.toLocaleString()} events)`} id="timeline">
        <ol class="timeline">
          {detail.timeline.map((item, i) => (
            <li key={`${item.at}-${i}`} class={`t-${item.kind}`}>
              <time dateTime={item.at}>{when(item.at)}</time>
              <span class="t-title">{item.kind === 'trait' ? `trait ${item.title}` : item.title}</span>
              {item.who === null ? null : <span class="muted"> {item.who}</span>}
              {item.detail === '' ? null : <span class="t-detail"> {item.detail}</span>}
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}

function HistoryChart({ history }: { history: History }) {
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 70, top: 20, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: history.points.map((p) => day(p.asOf)) },
      yAxis: { type: 'value', min: 0 },
      series: [
        {
          name: 'Score',
          type: 'line',
          step: 'end',
          data: history.points.map((p) => p.score),
          lineStyle: { width: 2, color: '#c2410c' },
          itemStyle: { color: '#c2410c' },
          markLine: {
            symbol: 'none',
            silent: true,
            label: { formatter: '{b}', position: 'end' },
            lineStyle: { type: 'dashed', color: '#64748b' },
            data: history.tiers
              .filter((t) => t.min > 0)
              .map((t) => ({ name: `${t.name} ${t.min}`, yAxis: t.min })),
          },
        },
      ],
    }),
    [history],
  );
  const scored = history.points.filter((p) => p.score !== null);
  const lastScore = scored.at(-1)?.score ?? 0;
  return (
    <Chart
      option={option}
      points={scored.length}
      testId="score-history"
      label={`Daily score over the last ${history.points.length} days, now ${lastScore}; tier thresholds ${history.tiers.map((t) => `${t.name} ${t.min}`).join(', ')}.`}
    />
  );
}

function ReceiptView({
  receipt,
  texts,
  labels,
  now,
}: {
  receipt: Receipt;
  texts: Readonly<Record<string, string>>;
  labels: Readonly<Record<string, string>>;
  now: number;
}) {
  const held = receipt.signals.filter((s) => s.holds && s.points !== null);
  const also = receipt.signals.filter((s) => s.holds && s.points === null);
  const notYet = receipt.signals.filter((s) => !s.holds && (s.points ?? 0) > 0);
  const line = (s: Receipt['signals'][number]) => (
    <li key={s.name}>
      <span class={`points${(s.points ?? 0) < 0 ? ' negative' : ''}`}>
        {s.points === null ? '' : s.points > 0 ? `+${s.points}` : `−${-s.points}`}
      </span>{' '}
      {texts[s.name] ?? labels[s.name] ?? s.label}
      {receipt.handRaisers.includes(s.name) ? <span class="hand">hand-raiser</span> : null}
    </li>
  );
  const next = receipt.nextTier;
  return (
    <div class="receipt" data-testid="receipt">
      <p class="receipt-total">
        Points {receipt.pointsTotal} × {receipt.multiplierPercent / 100} (recency
        {receipt.lastEventAt === null
          ? ', no activity yet'
          : `, last active ${ago(new Date(receipt.lastEventAt).toISOString(), now)}`}
        ) = <strong>score {receipt.score}</strong> (cap {receipt.cap}) → <TierBadge tier={receipt.tier} />
      </p>
      {receipt.gates.length === 0 ? null : (
        <div>
          <h3>Gates</h3>
          <ul class="gates">
            {receipt.gates.map((g) => (
              <li key={g.name} class={g.held ? 'held' : 'failed'}>
                {g.name} {g.held ? 'holds' : 'does not hold'}:{' '}
                {texts[g.signal] ?? g.label ?? 'see the receipt'}
              </li>
            ))}
          </ul>
          {receipt.failingGate === null ? null : (
            <p class="warn">Not a PQL: the {receipt.failingGate} gate does not hold.</p>
          )}
        </div>
      )}
      <h3>Signals that hold</h3>
      {held.length === 0 ? <p class="muted">None.</p> : <ul class="signals">{held.map(line)}</ul>}
      {also.length === 0 ? null : (
        <>
          <h3>Also true</h3>
          <ul class="signals">{also.map(line)}</ul>
        </>
      )}
      <h3>Not yet</h3>
      {notYet.length === 0 ? (
        <p class="muted">Every signal with points holds.</p>
      ) : (
        <ul class="signals not-yet">{notYet.map(line)}</ul>
      )}
      <h3>Next tier</h3>
      {next === null ? (
        <p>Already in the top tier.</p>
      ) : (
        <p data-testid="next-tier">
          <TierBadge tier={next.name} /> at {next.min}:{' '}
          {next.pointsNeeded === null
            ? 'out of reach at this multiplier and cap.'
            : [
                ...next.blockedBy.map((g) => `the ${g} gate`),
                ...(next.pointsNeeded === 0
                  ? []
                  : [`${next.pointsNeeded} more point${next.pointsNeeded === 1 ? '' : 's'}`]),
              ].join(' and ') || 'reached at the next rescore'}
          {next.candidates.length === 0
            ? '.'
            : `; for example ${next.candidates
                .slice(0, 3)
                .map((c) => `${labels[c.signal] ?? 'another signal'} (+${c.points})`)
                .join(', ')}.`}
        </p>
      )}
    </div>
  );
}
