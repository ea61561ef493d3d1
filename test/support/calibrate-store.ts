/**
 * `kindling calibrate … --target-rate 10%` on an open store without the command line: settings
 * (a file's and flags') resolved as the CLI does, the feature matrix read from the store, the
 * current definition (if any) scored beside it. Failures throw: a test expects a report.
 */
import { calibrationFeatures } from '../../src/app/calibration-features.ts';
import { type CalibrationSettings, resolveSettings } from '../../src/app/calibration-features-settings.ts';
import { currentTiersOf } from '../../src/app/definition-features.ts';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import { calibrate } from '../../src/learn/calibrate.ts';
import type { CalibrationReport } from '../../src/learn/calibration-report.ts';
import type { JsonObject } from '../../src/lib/json.ts';
import type { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';

export interface CalibrateStoreInput {
  readonly file?: CalibrationSettings;
  readonly flags?: CalibrationSettings;
  readonly current?: DefinitionIR | null;
}

export async function calibrateStore(
  store: DuckDbStore,
  input: CalibrateStoreInput,
): Promise<CalibrationReport> {
  return (await calibrateStoreWithSignals(store, input)).report;
}

/** The report and each candidate's signal body, which a proposal of fitted signals writes out. */
export async function calibrateStoreWithSignals(
  store: DuckDbStore,
  input: CalibrateStoreInput,
): Promise<{ report: CalibrationReport; signals: Record<string, JsonObject> }> {
  const current = input.current ?? null;
  const settings = resolveSettings(input.file ?? {}, input.flags ?? {}, current?.entity ?? null);
  if (!settings.ok) throw new Error(settings.error.message);
  const { entity, source, ...rest } = settings.value;
  const features = await calibrationFeatures(store.database, {
    workspaceId: 'default',
    entityType: entity,
    source,
    label: 'won',
    definition: current === null ? null : { ir: current, options: { domainAccounts: false }, pqlTier: null },
    ...rest,
  });
  if (!features.ok) throw new Error(`${features.error.code}: ${features.error.message}`);
  const currentTiers = current === null ? undefined : currentTiersOf(current, null);
  const report = calibrate(features.value.matrix, {
    target: { targetRate: 10 },
    setup: features.value.setup,
    ...(currentTiers === undefined ? {} : { currentTiers }),
  });
  if (!report.ok) throw new Error(`${report.error.code}: ${report.error.message}`);
  const signals = Object.fromEntries(
    features.value.matrix.features.flatMap((f) =>
      f.signal === undefined ? [] : [[f.name, f.signal] as const],
    ),
  );
  return { report: report.value, signals };
}
