/** The words `kindling crm push|pull|status` print (the same figures `crm_runs` keeps). */
import type { SyncRun } from './crm-state.ts';
import type { CrmResult } from './crm-sync.ts';
import type { PullReport } from './pull.ts';
import type { PushReport } from './push.ts';

const SHOWN = 20;

const list = (title: string, items: readonly string[]): string[] =>
  items.length === 0
    ? []
    : [
        `  ${title}:`,
        ...items.slice(0, SHOWN).map((item) => `    ${item}`),
        ...(items.length > SHOWN ? [`    … and ${items.length - SHOWN} more`] : []),
      ];

const traffic = (r: { requests: number; throttled: number }) =>
  `${r.requests} request${r.requests === 1 ? '' : 's'}${r.throttled > 0 ? `, ${r.throttled} throttled (429) and retried` : ''}`;

export function formatPush(results: readonly CrmResult<PushReport>[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const result of results) {
    if (!result.ok) {
      lines.push(`${result.crm}: failed: ${result.error}`);
      continue;
    }
    const r = result.report;
    if (r.version === null) {
      lines.push(`${r.crm}: nothing is scored yet (no definition version has entity states).`);
      continue;
    }
    const head = `${r.crm}: definition ${r.version.slice(0, 12)}: ${r.changed} changed, ${r.unchanged} unchanged`;
    if (dryRun) {
      lines.push(
        `${head} (dry run: nothing written)`,
        ...list('properties to create', r.schema),
        ...list('would', r.planned),
      );
      continue;
    }
    lines.push(
      `${head}; wrote ${r.written} (${r.created} created), ${r.unmatched.length} unmatched, ${r.failed.length} failed (${traffic(result)})`,
      ...list('created properties', r.schema),
      ...list('unmatched (no record; set create_missing to create them)', r.unmatched),
      ...list(
        'failed (tried again on the next push)',
        r.failed.map((f) => `${f.key}: ${f.reason}`),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function formatPull(results: readonly CrmResult<PullReport>[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (!result.ok) {
      lines.push(`${result.crm}: failed: ${result.error}`);
      continue;
    }
    const r = result.report;
    lines.push(
      `${r.crm}: ${r.deals} deals read, ${r.added} outcomes added, ${r.alreadyStored} already stored, ` +
        `${r.ignored} in ignored stages, ${r.unmatched.length} unmatched (${traffic(result)})` +
        (r.cursor === null ? '' : `; read up to ${new Date(r.cursor).toISOString()}`),
      ...list(
        'unmatched deals',
        r.unmatched.map((u) => `${u.id} (${u.stage}): ${u.tried}`),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function formatRuns(runs: readonly SyncRun[]): string {
  if (runs.length === 0) return 'No CRM push or pull has run yet.\n';
  return `${runs
    .map(
      (r) =>
        `${r.crm} ${r.direction}: ${new Date(r.finishedAt).toISOString()}: ${r.written} written, ${r.unchanged} unchanged, ` +
        `${r.unmatched} unmatched, ${r.failed} failed${r.detail === null ? '' : `\n  ${r.detail.replace(/\n/g, '\n  ')}`}`,
    )
    .join('\n')}\n`;
}
