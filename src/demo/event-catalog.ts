/**
 * The product the demo pretends to be (an analytics tool, "Tinderbox"): every event name it
 * tracks, the properties each carries, and the pages people visit. Everyday usage events are
 * drawn here; the buying signals (invites, limits, hand-raises, upgrades) are planned per
 * account in `buying-signals.ts` so outcomes can depend on them.
 */
import type { JsonObject } from '../lib/json.ts';
import { type Rng, WeightedChoice } from './prng.ts';

export const EVENTS = {
  signedUp: 'Signed Up',
  loggedIn: 'Logged In',
  onboardingStep: 'Onboarding Step Completed',
  trialStarted: 'Trial Started',
  projectCreated: 'Project Created',
  teammateInvited: 'Teammate Invited',
  inviteAccepted: 'Invite Accepted',
  dataSourceConnected: 'Data Source Connected',
  dashboardCreated: 'Dashboard Created',
  dashboardViewed: 'Dashboard Viewed',
  dashboardShared: 'Dashboard Shared',
  reportExported: 'Report Exported',
  reportScheduled: 'Report Scheduled',
  queryRun: 'Query Run',
  featureUsed: 'Feature Used',
  commentAdded: 'Comment Added',
  alertCreated: 'Alert Created',
  searchPerformed: 'Search Performed',
  fileUploaded: 'File Uploaded',
  seatLimitReached: 'Seat Limit Reached',
  usageLimitReached: 'Usage Limit Reached',
  integrationConnected: 'Integration Connected',
  apiKeyCreated: 'API Key Created',
  checkoutStarted: 'Checkout Started',
  demoRequested: 'Demo Requested',
  contactSalesClicked: 'Contact Sales Clicked',
  planUpgraded: 'Plan Upgraded',
  invoicePaid: 'Invoice Paid',
  supportTicketOpened: 'Support Ticket Opened',
  exportFailed: 'Export Failed',
} as const;

export const SOURCES = ['postgres', 'mysql', 'snowflake', 'bigquery', 'csv', 'google_sheets', 'stripe'];
export const INTEGRATIONS = ['slack', 'salesforce', 'hubspot', 'jira', 'github', 'zapier', 'teams'];
export const FEATURES = [
  'filters',
  'cohorts',
  'funnels',
  'annotations',
  'sql_editor',
  'ai_summary',
  'embedding',
  'alerts',
  'custom_metrics',
  'dark_mode',
];
const FEATURE_WEIGHTS = [20, 8, 10, 6, 9, 7, 3, 5, 6, 4];

/** Marketing pages an anonymous visitor reads before signing up (then `/signup`). */
export const MARKETING_PAGES = [
  '/',
  '/features',
  '/pricing',
  '/customers',
  '/security',
  '/blog/what-is-a-pql',
  '/blog/dashboards-that-people-read',
  '/docs/getting-started',
];
const MARKETING_WEIGHTS = [30, 14, 10, 5, 3, 6, 5, 8];

/** Pages inside the product and its docs; pricing and billing are buying signals, planned elsewhere. */
export const APP_PAGES = [
  '/app/dashboards',
  '/app/projects',
  '/app/reports',
  '/app/data-sources',
  '/app/alerts',
  '/settings/profile',
  '/settings/team',
  '/docs/getting-started',
  '/docs/api',
  '/docs/integrations/slack',
  '/docs/sql',
];
const APP_PAGE_WEIGHTS = [34, 18, 14, 6, 4, 2, 3, 6, 4, 2, 7];

type PropertyMaker = (rng: Rng) => JsonObject;

interface EverydayEvent {
  readonly event: string;
  /** Weight for a user whose account has not activated yet, then for one that has. */
  readonly shallow: number;
  readonly deep: number;
  readonly properties: PropertyMaker;
}

const none: PropertyMaker = () => ({});
const FORMATS = ['csv', 'xlsx', 'pdf'];
const ERRORS = ['timeout', 'row_limit_exceeded', 'permission_denied'];

const EVERYDAY: readonly EverydayEvent[] = [
  { event: EVENTS.dashboardViewed, shallow: 30, deep: 30, properties: (r) => ({ widgets: 2 + r.int(14) }) },
  { event: EVENTS.queryRun, shallow: 10, deep: 22, properties: (r) => queryProperties(r) },
  { event: EVENTS.featureUsed, shallow: 12, deep: 18, properties: (r) => ({ feature: pickFeature(r) }) },
  { event: EVENTS.searchPerformed, shallow: 10, deep: 6, properties: (r) => ({ results: r.int(40) }) },
  { event: EVENTS.projectCreated, shallow: 5, deep: 2, properties: (r) => ({ template: r.chance(0.6) }) },
  { event: EVENTS.dashboardCreated, shallow: 3, deep: 6, properties: (r) => ({ widgets: 1 + r.int(8) }) },
  { event: EVENTS.dashboardShared, shallow: 0.5, deep: 3, properties: (r) => ({ channel: shareChannel(r) }) },
  { event: EVENTS.reportExported, shallow: 1, deep: 5, properties: (r) => exportProperties(r) },
  { event: EVENTS.reportScheduled, shallow: 0.2, deep: 1.5, properties: (r) => ({ frequency: cadence(r) }) },
  { event: EVENTS.commentAdded, shallow: 0.5, deep: 3, properties: none },
  { event: EVENTS.alertCreated, shallow: 0.3, deep: 1.5, properties: (r) => ({ metric: pickFeature(r) }) },
  { event: EVENTS.fileUploaded, shallow: 2, deep: 2, properties: (r) => ({ size_kb: 1 + r.int(20_000) }) },
  { event: EVENTS.exportFailed, shallow: 0.4, deep: 0.6, properties: (r) => ({ error: r.pick(ERRORS) }) },
];
const SHALLOW = new WeightedChoice(
  EVERYDAY,
  EVERYDAY.map((e) => e.shallow),
);
const DEEP = new WeightedChoice(
  EVERYDAY,
  EVERYDAY.map((e) => e.deep),
);
const MARKETING = new WeightedChoice(MARKETING_PAGES, MARKETING_WEIGHTS);
const APP = new WeightedChoice(APP_PAGES, APP_PAGE_WEIGHTS);
const FEATURE = new WeightedChoice(FEATURES, FEATURE_WEIGHTS);

/** One everyday product event for a user whose account is (or is not yet) activated. */
export function everydayEvent(rng: Rng, activated: boolean): { event: string; properties: JsonObject } {
  const chosen = (activated ? DEEP : SHALLOW).pick(rng);
  return { event: chosen.event, properties: chosen.properties(rng) };
}

export function marketingPage(rng: Rng): string {
  return MARKETING.pick(rng);
}

export function appPage(rng: Rng): string {
  return APP.pick(rng);
}

function pickFeature(rng: Rng): string {
  return FEATURE.pick(rng);
}

function queryProperties(rng: Rng): JsonObject {
  return { duration_ms: Math.round(rng.exponential(800)) + 20, rows: Math.round(rng.exponential(5000)) };
}

function exportProperties(rng: Rng): JsonObject {
  return { rows: Math.round(rng.exponential(20_000)) + 1, format: rng.pick(FORMATS) };
}

function shareChannel(rng: Rng): string {
  return rng.pick(['link', 'email', 'slack']);
}

function cadence(rng: Rng): string {
  return rng.pick(['daily', 'weekly', 'monthly']);
}
