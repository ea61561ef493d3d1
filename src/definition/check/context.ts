/**
 * Where checks put what they find. Checks never throw at the user: each problem is recorded with
 * the path it is about (or, for YAML syntax, its position) and the check goes on, so one run
 * reports everything.
 */
import { PROBLEM_CATALOGUE, type Problem, type ProblemCode } from '../problems/catalogue.ts';
import type { Anchor, Path, Position } from '../source/yaml-source.ts';

export interface ProblemDetail {
  readonly message: string;
  /** Defaults to the catalogue's hint for the code. */
  readonly hint?: string;
  /** Defaults to `value`. */
  readonly anchor?: Anchor;
}

type Place = { readonly path: Path } | { readonly position: Position };

interface PendingProblem {
  readonly code: ProblemCode;
  readonly place: Place;
  readonly detail: ProblemDetail;
}

export class CheckContext {
  readonly #pending: PendingProblem[] = [];

  report(code: ProblemCode, path: Path, detail: ProblemDetail): void {
    this.#pending.push({ code, place: { path }, detail });
  }

  reportAt(code: ProblemCode, position: Position, detail: ProblemDetail): void {
    this.#pending.push({ code, place: { position }, detail });
  }

  get errorCount(): number {
    return this.#pending.filter((p) => PROBLEM_CATALOGUE[p.code].severity === 'error').length;
  }

  /** Turns paths into positions once all checks have run. */
  problems(positionOf: (path: Path, anchor: Anchor) => Position): Problem[] {
    return this.#pending.map(({ code, place, detail }) => {
      const { line, col } =
        'position' in place ? place.position : positionOf(place.path, detail.anchor ?? 'value');
      const entry = PROBLEM_CATALOGUE[code];
      return {
        severity: entry.severity,
        code,
        message: detail.message,
        hint: detail.hint ?? entry.hint,
        line,
        col,
      };
    });
  }
}
