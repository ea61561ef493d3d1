/**
 * The calibration written as a *proposed* definition: the current file with its `points` replaced,
 * its tiers' minimums moved (names kept: routing refers to them) and count signals' `at_least` set
 * to their cut. Everything else — gates, recency, hand-raisers, routing, destinations, comments,
 * layout — stays exactly as the author wrote it: the file is
 * edited line by line at the parser's source positions, so the review diff shows only what the
 * calibration changed. The text is validated before it is returned; it is never saved here.
 */
import { Document, isScalar, parseDocument } from 'yaml';
import { loadDefinition } from '../definition/load-definition.ts';
import type { JsonObject } from '../lib/json.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { EntityType } from '../model/dataset.ts';
import type { CalibrationReport } from './calibration-report.ts';
import { type LearnError, learnError } from './learn-error.ts';
import {
  applyEdits,
  asMapNode,
  indentOf,
  insertIntoMap,
  keyOf,
  pairLines,
  rangeOf,
  type TextEdit,
} from './yaml-edits.ts';

export interface ProposeOptions {
  readonly name: string;
  readonly entity: EntityType;
  /** YAML bodies of signals the current definition lacks (e.g. from `FeatureColumn.signal`). */
  readonly signals?: Readonly<Record<string, JsonObject>>;
}

/** Signal forms whose `at_least` is a threshold on a count or sum (so a cut can be written there). */
const CUTTABLE_KEYS = ['event', 'distinct', 'sum', 'of'];
const RENDER = { flowCollectionPadding: false, lineWidth: 0 } as const;

export function proposeDefinition(
  currentYamlText: string | null,
  report: CalibrationReport,
  options: ProposeOptions,
): Result<string, LearnError> {
  if (currentYamlText === null && report.proposal.source === 'current') {
    return err(
      learnError(
        'no-current-text',
        'the report keeps the current points, but no current definition was given',
      ),
    );
  }
  const text =
    currentYamlText === null
      ? newDefinition(report, options)
      : editDefinition(currentYamlText, report, options);
  if (!text.ok) return text;
  const check = loadDefinition(text.value, 'proposed definition');
  if (check.ir === null) {
    const problem = check.problems[0];
    const detail =
      problem === undefined ? '' : `: ${problem.code} at ${problem.line}:${problem.col}: ${problem.message}`;
    return err(learnError('invalid-definition', `the proposed definition does not validate${detail}`));
  }
  return text;
}

function newDefinition(report: CalibrationReport, options: ProposeOptions): Result<string, LearnError> {
  const signals: Record<string, JsonObject> = {};
  for (const entry of report.points) {
    const body = bodyWithCut(entry.signal, entry.cut, options);
    if (!body.ok) return body;
    signals[entry.signal] = body.value;
  }
  const doc = new Document({
    kindling: 1,
    name: options.name,
    entity: options.entity,
    signals,
    points: Object.fromEntries(report.points.map((entry) => [entry.signal, entry.points])),
    cap: report.cap,
    tiers: Object.fromEntries(report.tiers.map((tier) => [tier.name, tier.min])),
  });
  return ok(`${header(report)}${doc.toString(RENDER)}`);
}

function bodyWithCut(
  signal: string,
  cut: number | null,
  options: ProposeOptions,
): Result<JsonObject, LearnError> {
  const body = options.signals?.[signal];
  if (body === undefined || signal.includes('.')) {
    return err(learnError('unknown-signal', `signal "${signal}" is not defined and no body was given`));
  }
  if (cut === null) return ok(body);
  if (!CUTTABLE_KEYS.some((key) => key in body)) {
    return err(learnError('cannot-set-cut', `signal "${signal}" has no count to cut at ${cut}`));
  }
  return ok({ ...body, at_least: cut });
}

function editDefinition(
  source: string,
  report: CalibrationReport,
  options: ProposeOptions,
): Result<string, LearnError> {
  const current = loadDefinition(source, 'current definition');
  const firstError = current.problems.find((problem) => problem.severity === 'error');
  if (current.ir === null || firstError !== undefined) {
    const where =
      firstError === undefined ? '' : ` at ${firstError.line}:${firstError.col}: ${firstError.message}`;
    return err(learnError('invalid-definition', `the current definition does not validate${where}`));
  }
  const doc = parseDocument(source);
  const edits: TextEdit[] = [];
  const appended: string[] = [];
  replaceScalar(doc.get('name', true), options.name, edits);
  replaceScalar(doc.get('entity', true), options.entity, edits);

  if (report.proposal.source === 'fitted') {
    const edited = editPointsAndSignals(source, doc, report, options, edits, appended);
    if (!edited.ok) return edited;
  }
  editTiers(source, doc.get('tiers'), report, edits, appended);

  edits.push({ start: 0, end: 0, text: header(report) });
  const edited = applyEdits(source, edits);
  const tail = appended.length === 0 ? '' : `${edited.endsWith('\n') ? '' : '\n'}\n${appended.join('\n')}`;
  return ok(edited + tail);
}

/** Signals' cuts and new bodies, the points and the cap: everything a fitted proposal changes besides tiers. */
function editPointsAndSignals(
  source: string,
  doc: Document.Parsed,
  report: CalibrationReport,
  options: ProposeOptions,
  edits: TextEdit[],
  appended: string[],
): Result<null, LearnError> {
  const signals = asMapNode(doc.get('signals'));
  const newBodies: Record<string, JsonObject> = {};
  for (const entry of report.points) {
    const node = signals?.get(entry.signal);
    if (node === undefined) {
      const body = bodyWithCut(entry.signal, entry.cut, options);
      if (!body.ok) return body;
      newBodies[entry.signal] = body.value;
      continue;
    }
    if (entry.cut === null) continue;
    const signal = asMapNode(node);
    if (signal === null || !CUTTABLE_KEYS.some((key) => signal.has(key))) {
      return err(
        learnError('cannot-set-cut', `signal "${entry.signal}" has no count to cut at ${entry.cut}`),
      );
    }
    const atLeast = signal.get('at_least', true);
    const edit = atLeast === undefined ? insertIntoMap(source, signal, 'at_least', String(entry.cut)) : null;
    if (atLeast !== undefined) replaceScalar(atLeast, String(entry.cut), edits);
    else if (edit !== null) edits.push(edit);
  }
  if (Object.keys(newBodies).length > 0) {
    const rendered = new Document(newBodies).toString(RENDER);
    const last = signals?.items.at(-1);
    const lines = last === undefined ? null : pairLines(source, last);
    if (signals === null || signals.flow || lines === null)
      appended.push(`signals:\n${indent(rendered, '  ')}`);
    else edits.push({ start: lines.end, end: lines.end, text: indent(rendered, indentOf(source, signals)) });
  }

  editPoints(source, doc.get('points'), report, edits, appended);
  const cap = doc.get('cap', true);
  if (cap === undefined) {
    if (report.cap !== 100) appended.push(`cap: ${report.cap}\n`);
  } else replaceScalar(cap, String(report.cap), edits);
  return ok(null);
}

/** Points: kept keys keep their line and comment, dropped ones lose their line, new ones are appended. */
function editPoints(
  source: string,
  node: unknown,
  report: CalibrationReport,
  edits: TextEdit[],
  appended: string[],
) {
  const proposed = new Map(report.points.map((entry) => [entry.signal, String(entry.points)] as const));
  const map = asMapNode(node);
  if (map === null || map.flow) {
    replaceBlock(source, node, 'points', [...proposed], edits, appended);
    return;
  }
  const seen = new Set<string>();
  for (const pair of map.items) {
    const key = keyOf(pair);
    const value = proposed.get(key);
    const lines = pairLines(source, pair);
    if (value === undefined) {
      if (lines !== null) edits.push({ ...lines, text: '' });
    } else replaceScalar(pair.value, value, edits);
    seen.add(key);
  }
  const added = [...proposed].filter(([signal]) => !seen.has(signal));
  const last = map.items.at(-1);
  const end = last === undefined ? null : pairLines(source, last);
  if (added.length === 0 || end === null) return;
  const pad = indentOf(source, map);
  edits.push({
    start: end.end,
    end: end.end,
    text: added.map(([signal, value]) => `${pad}${signal}: ${value}\n`).join(''),
  });
}

/**
 * Tiers: when the proposal names exactly the current tiers (it keeps them, as routing refers to
 * them), only their minimums change, each on its own line with its comment; otherwise the section
 * is replaced.
 */
function editTiers(
  source: string,
  node: unknown,
  report: CalibrationReport,
  edits: TextEdit[],
  appended: string[],
): void {
  const proposed = new Map(report.tiers.map((tier) => [tier.name, String(tier.min)] as const));
  const map = asMapNode(node);
  const names = map?.items.map(keyOf) ?? [];
  const same = names.length === proposed.size && names.every((name) => proposed.has(name));
  if (map === null || !same) {
    replaceBlock(source, node, 'tiers', [...proposed], edits, appended);
    return;
  }
  for (const pair of map.items) replaceScalar(pair.value, proposed.get(keyOf(pair)) ?? '', edits);
}

/** Replaces a whole map's entries (keeping its indentation or flow style), or appends the section. */
function replaceBlock(
  source: string,
  node: unknown,
  key: string,
  entries: readonly (readonly [string, string])[],
  edits: TextEdit[],
  appended: string[],
): void {
  const map = asMapNode(node);
  const range = rangeOf(node);
  if (map === null || range === null) {
    appended.push(`${key}:\n${entries.map(([name, value]) => `  ${name}: ${value}\n`).join('')}`);
    return;
  }
  if (map.flow) {
    edits.push({ ...range, text: `{ ${entries.map(([name, value]) => `${name}: ${value}`).join(', ')} }` });
    return;
  }
  const first = map.items[0];
  const last = map.items.at(-1);
  const from = first === undefined ? null : pairLines(source, first);
  const to = last === undefined ? null : pairLines(source, last);
  if (from === null || to === null) return;
  const pad = indentOf(source, map);
  edits.push({
    start: from.start,
    end: to.end,
    text: entries.map(([name, value]) => `${pad}${name}: ${value}\n`).join(''),
  });
}

function replaceScalar(node: unknown, value: string, edits: TextEdit[]): void {
  const range = rangeOf(node);
  if (!isScalar(node) || range === null || String(node.value) === value) return;
  edits.push({ ...range, text: value });
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${pad}${line}`))
    .join('\n');
}

function header(report: CalibrationReport): string {
  const { threshold, validation } = report;
  const kept =
    report.proposal.source === 'current'
      ? "# The current definition's points are kept: no fitted setting ranked the later training rows better.\n"
      : '';
  return (
    `# Proposed by kindling calibrate — review before saving. PQL at score ≥ ${threshold.threshold}:\n` +
    `# training PQL rate ${threshold.pqlRate.toFixed(1)} %; holdout precision ${validation.proposed.precision.toFixed(1)} %,` +
    ` recall ${validation.proposed.recall.toFixed(1)} %.\n` +
    kept
  );
}
