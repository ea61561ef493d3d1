/**
 * Every problem the definition front end can report, in one catalogue (as malloy's parse-log does):
 * codes are stable, kebab-case and documented, so people and tools can rely on them.
 * The docs table in `docs/definition-language.md` is derived from this object.
 */
export type Severity = 'error' | 'warning';

export interface CatalogueEntry {
  readonly severity: Severity;
  /** One line for the docs table: what this code means. */
  readonly summary: string;
  /** The fix to suggest when the check has nothing more specific to say. */
  readonly hint: string;
}

export const PROBLEM_CATALOGUE = {
  'yaml-syntax': {
    severity: 'error',
    summary: 'The file is not well-formed YAML.',
    hint: 'Fix the YAML syntax at this position (indentation, brackets, quotes).',
  },
  'yaml-warning': {
    severity: 'warning',
    summary: 'The YAML parser accepted something it considers suspicious.',
    hint: 'Rewrite the value as plain YAML.',
  },
  'unreadable-file': {
    severity: 'error',
    summary: 'The definition file could not be read.',
    hint: 'Check the path, or pass the file to validate as an argument.',
  },
  'duplicate-key': {
    severity: 'error',
    summary: 'The same key appears twice in one map.',
    hint: 'Remove or rename one of the two keys; YAML keeps only the last one.',
  },
  'unsupported-version': {
    severity: 'error',
    summary: 'The `kindling:` format version is not one this build understands.',
    hint: 'Write `kindling: 1`.',
  },
  'unknown-key': {
    severity: 'error',
    summary: 'A key that this place in the file does not accept.',
    hint: 'Remove the key or correct its spelling.',
  },
  'missing-key': {
    severity: 'error',
    summary: 'A required key is absent.',
    hint: 'Add the missing key.',
  },
  'bad-value-type': {
    severity: 'error',
    summary: 'A value of the wrong type (for example a list where a number belongs).',
    hint: 'Write a value of the expected type.',
  },
  'bad-value': {
    severity: 'error',
    summary: 'A value of the right type that is not allowed here (outside its range or choices).',
    hint: 'Use one of the allowed values.',
  },
  'bad-name': {
    severity: 'error',
    summary:
      'A name that breaks its naming rule (signals, lists, gates, tiers, rules, teams: [a-z0-9_]+; destinations: [a-z0-9_-]+; the definition: [a-z0-9-]+).',
    hint: 'Use lowercase letters, digits and underscores (hyphens for the definition name).',
  },
  'bad-duration': {
    severity: 'error',
    summary: 'A duration that is not a positive whole number followed by m, h, d or w.',
    hint: 'Write a duration such as 30m, 12h, 14d or 2w.',
  },
  'bad-property-path': {
    severity: 'error',
    summary: 'A property path with an empty segment (for example `plan..tier`).',
    hint: 'Write the path as dot-separated names, such as `plan.tier`.',
  },
  'bad-aggregation': {
    severity: 'error',
    summary: '`distinct` or `sum` names something they cannot aggregate.',
    hint: 'Use `distinct: user`, `distinct: day`, `distinct: properties.P` or `sum: properties.P`.',
  },
  'multiple-aggregations': {
    severity: 'error',
    summary: 'One signal asks for both `distinct` and `sum`.',
    hint: 'Split it into two signals, one per aggregation.',
  },
  'conflicting-forms': {
    severity: 'error',
    summary: 'One signal (or routing owner) mixes keys of different forms (for example `event` and `trait`).',
    hint: 'Split it into separate signals and combine them with `all`, `any` or `of`.',
  },
  'comparison-mismatch': {
    severity: 'error',
    summary: 'A comparison or bound that does not fit its place (wrong operator, value or count).',
    hint: 'Trait signals take exactly one operator; event signals and `of` take at_least/at_most.',
  },
  'bad-bounds': {
    severity: 'error',
    summary: '`at_least`/`at_most` that can never hold or are not whole numbers where counts are meant.',
    hint: 'Counts take whole numbers ≥ 0, and `at_least` must not exceed `at_most`.',
  },
  'bad-multiplier': {
    severity: 'error',
    summary: 'A recency multiplier that is negative or has more than two decimals.',
    hint: 'Write a multiplier such as 1.0, 0.5 or 0.25 (at most two decimals).',
  },
  'recency-order': {
    severity: 'error',
    summary: 'Recency rows out of order: windows not ascending, or `otherwise` not last or missing.',
    hint: 'List `within` rows from the shortest window to the longest, then one `{ otherwise: M }` row.',
  },
  'undefined-signal': {
    severity: 'error',
    summary: 'A reference to a signal that is not defined in this file.',
    hint: 'Define the signal under `signals:` or correct the name.',
  },
  'undefined-list': {
    severity: 'error',
    summary: 'A `$name` reference to a list that is not defined under `lists:`.',
    hint: 'Define the list under `lists:` or correct the name.',
  },
  'signal-cycle': {
    severity: 'error',
    summary: 'Signals that reference each other in a loop.',
    hint: 'Break the loop: a signal cannot depend, directly or not, on itself.',
  },
  'points-unknown-signal': {
    severity: 'error',
    summary: '`points:` names a signal that is not defined.',
    hint: 'Define the signal under `signals:` or correct the name.',
  },
  'tiers-not-ascending': {
    severity: 'error',
    summary: 'Tier minimums are not strictly ascending in file order.',
    hint: 'List tiers from the lowest minimum score to the highest.',
  },
  'unknown-event': {
    severity: 'warning',
    summary: 'An event name never seen in the stored data (often a typo or a missing integration).',
    hint: 'Check the spelling against the events your product sends.',
  },
  'unreachable-tier': {
    severity: 'warning',
    summary: 'A tier whose minimum is above `cap`, so no score can reach it.',
    hint: 'Lower the tier minimum or raise `cap`.',
  },
  'bad-time-zone': {
    severity: 'error',
    summary: '`routing.timezone` or a digest `timezone` that is not an IANA time zone name.',
    hint: 'Write an IANA name such as UTC, Europe/Paris or America/New_York.',
  },
  'undefined-destination': {
    severity: 'error',
    summary:
      'A routing rule, escalation or `on_failure.alert` names a destination not defined under `destinations:`.',
    hint: 'Define the destination under `destinations:` or correct the name.',
  },
  'undefined-team': {
    severity: 'error',
    summary: 'An owner names a team not defined under `routing.teams`.',
    hint: 'Define the team under `routing.teams` or correct the name.',
  },
  'undefined-tier': {
    severity: 'error',
    summary: 'A routing condition names a tier not defined under `tiers:`.',
    hint: 'Use one of the tier names under `tiers:`.',
  },
  'duplicate-rule': {
    severity: 'error',
    summary: 'Two routing rules share one name.',
    hint: 'Give every rule its own name; qualifications record which rule routed them.',
  },
  'digest-not-supported': {
    severity: 'error',
    summary:
      'A digest asked of a destination kind that sends alerts one by one (`email`, `slack` and `log` send digests).',
    hint: 'Send digests to an `email`, `slack` or `log` destination, or list this destination under `notify:`.',
  },
  'team-fallback-cycle': {
    severity: 'error',
    summary: 'Teams whose `when_full` fallbacks lead back to themselves.',
    hint: 'End the chain of `when_full` fallbacks with a person, a trait owner or no fallback (unassigned).',
  },
  'unused-destination': {
    severity: 'warning',
    summary: 'A destination no routing rule or escalation sends to.',
    hint: "List it under a rule's `notify:` or `digest:`, or remove it.",
  },
  'unreachable-rule': {
    severity: 'warning',
    summary: 'A routing rule after a rule that matches every lead, so it never routes anything.',
    hint: 'Move the catch-all rule (no `when:`) to the end of `rules:`.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ProblemCode = keyof typeof PROBLEM_CATALOGUE;

export const PROBLEM_CODES = Object.keys(PROBLEM_CATALOGUE) as readonly ProblemCode[];

/** A problem with a place in the file; what the CLI, the API and the dashboard all show. */
export interface Problem {
  readonly severity: Severity;
  readonly code: ProblemCode;
  /** What was expected and what was found. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}
