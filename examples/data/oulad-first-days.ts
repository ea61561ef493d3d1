/**
 * OULAD, module AAA 2013J, days −10..1 (../shared/data/oulad-aaa-2013j-first-days) → a real event
 * stream: one user per student, each VLE row a `track` event named by its activity type, a
 * `Registered` event (when inside the window), an `identify` with the demographics, an `Unregistered` event only when it
 * falls inside the window, and won/lost from the final result at the course end.
 *
 * OULAD gives days relative to the course start, no calendar: the start is placed on 2013-10-01.
 * Leakage: unregistrations after day 1 and the final result are only known later; neither is an event.
 *   node --import tsx examples/data/oulad-first-days.ts [source-dir] [out-dir]
 */
import { join } from 'node:path';
import {
  DAY,
  ensureDir,
  iso,
  type MappingSummary,
  OUTCOME_HEADER,
  outPath,
  readCsv,
  writeCalibrationSettings,
  writeCsv,
  writeNdjson,
} from './mapping-kit.ts';

const START = Date.UTC(2013, 9, 1);
const LENGTH_DAYS = 268;
const LAST_WINDOW_DAY = 1;
const NUMERIC = new Set(['num_of_prev_attempts', 'studied_credits']);
const TRAITS = [
  'gender',
  'region',
  'highest_education',
  'imd_band',
  'age_band',
  'num_of_prev_attempts',
  'studied_credits',
  'disability',
];
const inCourse = (r: Readonly<Record<string, string>>) =>
  r.code_module === 'AAA' && r.code_presentation === '2013J';

export function mapOuladFirstDays(sourceDir: string, outDir: string): MappingSummary {
  const read = (file: string) => readCsv(join(sourceDir, file), ',');
  const activityBySite = new Map(
    read('vle.csv')
      .filter(inCourse)
      .map((r) => [r.id_site, r.activity_type]),
  );
  const students = read('studentInfo.csv').filter(inCourse);
  const registrations = new Map(
    read('studentRegistration.csv')
      .filter(inCourse)
      .map((r) => [r.id_student, r]),
  );
  const messages: object[] = [];

  for (const s of students) {
    const reg = registrations.get(s.id_student ?? '');
    const registrationDay = Number(reg?.date_registration || 0);
    const userId = String(s.id_student);
    // A few students register after day 1: that happens outside the window, so it is no event here.
    if (registrationDay <= LAST_WINDOW_DAY) {
      const at = iso(START + registrationDay * DAY);
      messages.push({
        type: 'track',
        userId,
        event: 'Registered',
        messageId: `oulad-reg-${userId}`,
        timestamp: at,
      });
    }
    // Demographics are known at enrolment; they are set no later than the window's last day.
    const knownAt = iso(START + Math.min(registrationDay, LAST_WINDOW_DAY) * DAY);
    const traits = Object.fromEntries(TRAITS.map((t) => [t, NUMERIC.has(t) ? Number(s[t]) : (s[t] ?? null)]));
    messages.push({ type: 'identify', userId, traits, messageId: `oulad-id-${userId}`, timestamp: knownAt });
    const unregistered = reg?.date_unregistration;
    if (unregistered !== undefined && unregistered !== '' && Number(unregistered) <= LAST_WINDOW_DAY) {
      const at = START + Number(unregistered) * DAY;
      messages.push({
        type: 'track',
        userId,
        event: 'Unregistered',
        messageId: `oulad-unreg-${userId}`,
        timestamp: iso(at),
      });
    }
  }
  read('studentVle_AAA_2013J_day-10_to_1.csv').forEach((r, i) => {
    const event = activityBySite.get(r.id_site ?? '');
    if (event === undefined) throw new Error(`VLE row ${i + 2}: unknown site ${r.id_site}`);
    messages.push({
      type: 'track',
      userId: String(r.id_student),
      event,
      messageId: `oulad-vle-${i + 1}`,
      timestamp: iso(START + Number(r.date) * DAY),
      properties: { id_site: Number(r.id_site), sum_click: Number(r.sum_click) },
    });
  });

  const converted = (s: Readonly<Record<string, string>>) =>
    s.final_result === 'Pass' || s.final_result === 'Distinction';
  const outcomes = students.map((s) => [
    'user',
    String(s.id_student),
    converted(s) ? 'won' : 'lost',
    null,
    null,
    iso(START + LENGTH_DAYS * DAY),
  ]);
  ensureDir(outDir);
  const files = { events: outPath(outDir, 'events.ndjson'), outcomes: outPath(outDir, 'outcomes.csv') };
  writeNdjson(files.events, messages);
  writeCsv(files.outcomes, OUTCOME_HEADER, outcomes);
  // Every student is decided at the end of the window (day 1), on the first days' clickstream; the
  // cohort shares that time, so the holdout is the latest registrations (first seen).
  const settings = writeCalibrationSettings(outDir, {
    note: 'OULAD AAA 2013J: decided at the end of day 1 of the course; the final result is known at day 268',
    from: 'events',
    entity: 'user',
    decisionAt: iso(START + (LAST_WINDOW_DAY + 1) * DAY - 1),
  });
  return {
    entities: students.length,
    converted: students.filter(converted).length,
    events: messages.length,
    files: { ...files, settings },
    excluded: {
      final_result: 'the label (written as outcomes at the course end)',
      date_unregistration: 'kept only when on or before day 1; later ones reveal the outcome',
    },
  };
}

if (process.argv[1]?.endsWith('oulad-first-days.ts')) {
  const summary = mapOuladFirstDays(
    process.argv[2] ?? '../shared/data/oulad-aaa-2013j-first-days',
    process.argv[3] ?? 'data-import/oulad',
  );
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
