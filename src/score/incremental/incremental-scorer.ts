/**
 * The incremental evaluator: per-key, per-signal state updated fact by fact, in any order, that
 * answers the same scores as the reference evaluator at any `asOf` from the latest time asked on.
 *
 * Facts dated after the latest time asked (the horizon) wait in `pending` and join the state when
 * an `asOf` reaches them, so the state itself always describes exactly "as of the horizon".
 * Facts dated at or before it (late, out of order) join at once; windowed entries that are already
 * outside every window still to be asked are not kept.
 */
import type { AggregateSignal, DefinitionIR } from '../../definition/ir.ts';
import type { EvaluationOptions, StoredEvent, TraitRecord } from '../../model/dataset.ts';
import { COUNTED_TYPES } from '../../model/dataset.ts';
import type { EntityScore } from '../entity-score.ts';
import { compareCodePoints } from '../reference/code-point-order.ts';
import { domainAccountOf } from '../reference/free-email.ts';
import { userKeyOf } from '../reference/identity.ts';
import { DEFAULT_OPTIONS } from '../reference/snapshot.ts';
import { offer, type TraitTable, traitValue } from '../reference/traits.ts';
import { Cell } from './cell.ts';
import { type EntityView, scoreView } from './entity-score.ts';
import { type Fact, factTime } from './facts.ts';
import { IdentityState } from './identity-state.ts';

/** What one user key holds: its cells by group tag (null: untagged) and its own trait records. */
interface KeyState {
  readonly cells: Map<string | null, Cell>;
  /** True once any message or user trait record names the key: its user then exists. */
  exists: boolean;
  traits: TraitTable | undefined;
}

export interface StateSize {
  readonly keys: number;
  readonly cells: number;
  /** Windowed (time, amount) entries and distinct (value, latest time) entries, all cells. */
  readonly entries: number;
  readonly pending: number;
}

export class IncrementalScorer {
  private horizon = Number.NEGATIVE_INFINITY;
  private pending: Fact[] = [];
  private readonly aggregates: readonly AggregateSignal[];
  private readonly keys = new Map<string, KeyState>();
  /** Cells of events without a user key, by their group tag (they count for that account only). */
  private readonly keyless = new Map<string, Cell>();
  /** group tag → every cell tagged with it. */
  private readonly tagged = new Map<string, Set<Cell>>();
  private readonly identity = new IdentityState();
  private readonly accountTraits = new Map<string, TraitTable>();

  constructor(
    private readonly ir: DefinitionIR,
    private readonly options: EvaluationOptions = DEFAULT_OPTIONS,
  ) {
    this.aggregates = ir.signals.filter((signal): signal is AggregateSignal => signal.kind === 'aggregate');
  }

  add(fact: Fact): void {
    if (factTime(fact) > this.horizon) this.pending.push(fact);
    else this.apply(fact);
  }

  /** Moves the horizon to `asOf`; asking about an earlier time than one already asked is a bug. */
  advance(asOf: number): void {
    if (asOf < this.horizon) {
      throw new RangeError(`bug: asked as of ${asOf}, after already answering as of ${this.horizon}`);
    }
    this.horizon = asOf;
    const waiting = this.pending;
    this.pending = [];
    for (const fact of waiting) this.add(fact);
  }

  /** Every entity of the definition's type as of `asOf`, sorted by id in code point order. */
  scoreAll(asOf: number): EntityScore[] {
    this.advance(asOf);
    const domains = this.domainMembers();
    const ids = this.ir.entity === 'user' ? this.userIds() : this.accountIds(domains);
    return [...ids].sort(compareCodePoints).map((id) => scoreView(this.ir, this.view(id, domains), asOf));
  }

  /** null when the entity does not exist as of `asOf`. */
  scoreEntity(id: string, asOf: number): EntityScore | null {
    this.advance(asOf);
    const domains = this.domainMembers();
    const exists = this.ir.entity === 'user' ? this.userExists(id) : this.accountExists(id, domains);
    return exists ? scoreView(this.ir, this.view(id, domains), asOf) : null;
  }

  /** Drops every windowed entry the horizon has left behind (idle entities included). */
  compact(): void {
    for (const state of this.keys.values())
      for (const cell of state.cells.values()) cell.expire(this.horizon);
    for (const cell of this.keyless.values()) cell.expire(this.horizon);
  }

  size(): StateSize {
    let cells = 0;
    let entries = 0;
    const count = (cell: Cell) => {
      cells += 1;
      entries += cell.entries;
    };
    for (const state of this.keys.values()) for (const cell of state.cells.values()) count(cell);
    for (const cell of this.keyless.values()) count(cell);
    return { keys: this.keys.size, cells, entries, pending: this.pending.length };
  }

  private apply(fact: Fact): void {
    switch (fact.kind) {
      case 'event':
        this.applyEvent(fact.event);
        break;
      case 'link':
        this.identity.addLink(fact.link);
        break;
      case 'membership':
        this.identity.addMembership(fact.membership);
        break;
      case 'trait':
        this.applyTrait(fact.trait);
        break;
    }
  }

  private applyEvent(event: StoredEvent): void {
    const key = userKeyOf(event);
    const state = key === null ? null : this.keyState(key);
    if (state !== null) state.exists = true;
    if (!COUNTED_TYPES.includes(event.type)) return;
    const tag = event.groupId;
    let cell = state === null ? (tag === null ? undefined : this.keyless.get(tag)) : state.cells.get(tag);
    if (cell === undefined) {
      // An event with neither a user key nor a group tag belongs to no entity.
      if (state === null && tag === null) return;
      cell = new Cell(this.aggregates);
      if (state !== null) state.cells.set(tag, cell);
      else if (tag !== null) this.keyless.set(tag, cell);
      if (tag !== null) {
        const set = this.tagged.get(tag) ?? new Set();
        this.tagged.set(tag, set.add(cell));
      }
    }
    cell.add(event, this.horizon);
  }

  private applyTrait(record: TraitRecord): void {
    if (record.entityType === 'account') {
      const table = this.accountTraits.get(record.entityId) ?? new Map();
      this.accountTraits.set(record.entityId, table);
      offer(table, record);
      return;
    }
    const state = this.keyState(record.entityId);
    state.exists = true;
    state.traits ??= new Map();
    offer(state.traits, record);
  }

  private keyState(key: string): KeyState {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { cells: new Map(), exists: false, traits: undefined };
      this.keys.set(key, state);
    }
    return state;
  }

  // ── entities as of the horizon ────────────────────────────────────────────────
  private userIds(): Set<string> {
    const users = new Set<string>();
    for (const [key, state] of this.keys) if (state.exists) users.add(this.identity.canonical(key));
    return users;
  }

  private userExists(user: string): boolean {
    return this.identity.keysOf(user).some((key) => this.keys.get(key)?.exists === true);
  }

  /** A user's traits: the latest record per trait over every key that belongs to it. */
  private userTraits(user: string): TraitTable | undefined {
    const tables = this.identity.keysOf(user).flatMap((key) => this.keys.get(key)?.traits ?? []);
    if (tables.length <= 1) return tables[0];
    const merged: TraitTable = new Map();
    for (const table of tables) for (const record of table.values()) offer(merged, record);
    return merged;
  }

  private addUserCells(user: string, into: Set<Cell>): void {
    for (const key of this.identity.keysOf(user)) {
      for (const cell of this.keys.get(key)?.cells.values() ?? []) into.add(cell);
    }
  }

  /** With `domainAccounts`: `domain:<d>` → the existing users of no account whose e-mail is at d. */
  private domainMembers(): Map<string, Set<string>> {
    const placed = new Map<string, Set<string>>();
    if (this.ir.entity !== 'account' || !this.options.domainAccounts) return placed;
    const members = this.identity.members();
    for (const user of this.userIds()) {
      if (members.has(user)) continue;
      const account = domainAccountOf(traitValue(this.userTraits(user), 'email'));
      if (account === null) continue;
      const set = placed.get(account) ?? new Set();
      placed.set(account, set.add(user));
    }
    return placed;
  }

  private accountIds(domains: Map<string, Set<string>>): Set<string> {
    return new Set([
      ...this.accountTraits.keys(),
      ...this.identity.joined.keys(),
      ...this.tagged.keys(),
      ...domains.keys(),
    ]);
  }

  private accountExists(id: string, domains: Map<string, Set<string>>): boolean {
    return (
      this.accountTraits.has(id) || this.identity.joined.has(id) || this.tagged.has(id) || domains.has(id)
    );
  }

  private view(id: string, domains: Map<string, Set<string>>): EntityView {
    const canonical = (key: string) => this.identity.canonical(key);
    const cells = new Set<Cell>();
    if (this.ir.entity === 'user') {
      this.addUserCells(id, cells);
      return { id, cells, traits: this.userTraits(id), canonical };
    }
    for (const cell of this.tagged.get(id) ?? []) cells.add(cell);
    for (const user of this.identity.membersOf(id)) this.addUserCells(user, cells);
    for (const user of domains.get(id) ?? []) this.addUserCells(user, cells);
    return { id, cells, traits: this.accountTraits.get(id), canonical };
  }
}
