/**
 * Loads written demo files into a store through the real importers: the events (as `/v1/import`
 * would take them) and the accounts' CRM snapshot as account traits. Tests, benchmarks and the demo
 * workspace all load demo data this one way.
 */
import { importEvents } from '../import/import-events.ts';
import { type ImportListener, type ImportSummary, silentListener } from '../import/import-report.ts';
import { importTraits } from '../import/import-traits.ts';
import type { EventStore } from '../store/store.ts';
import type { WriteDemoSummary } from './write-demo.ts';

export async function importDemo(
  store: EventStore,
  demo: WriteDemoSummary,
  options: { readonly workspaceId: string; readonly receivedAt: number; readonly listener?: ImportListener },
): Promise<{ readonly events: ImportSummary; readonly accounts: ImportSummary }> {
  const base = { store, workspaceId: options.workspaceId, listener: options.listener ?? silentListener };
  const events = await importEvents({ ...base, file: demo.files.events, now: () => options.receivedAt });
  const accounts = await importTraits({
    ...base,
    file: demo.files.accounts,
    entityType: 'account',
    keyColumn: 'id',
    timestampColumn: null,
  });
  return { events, accounts };
}
