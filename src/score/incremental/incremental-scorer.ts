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
import type {
  Dataset,
  EvaluationOptions,
  IdentityLink,
  Membership,
  StoredEvent,
  TraitRecord,
} from '../../model/dataset.ts';
import { COUNTED_TYPES } from '../../model/dataset.ts';
import type { EntityScore } from '../entity-score.ts';
import type { Receipt } from '../explain/index.ts';
import { compareCodePoints } from '../reference/code-point-order.ts';
import { domainAccountOf } from '../reference/free-email.ts';
import { userKeyOf } from '../reference/identity.ts';
import { DEFAULT_OPTIONS } from '../reference/snapshot.ts';
import { type TraitTable, traitValue } from '../reference/traits.ts';
import { Cell } from './cell.ts';
import { CellArena } from './cell-arena.ts';
import { cellPlan } from './cell-plan.ts';
import { type EntityView, scoreView } from './entity-score.ts';
import { explainView } from './explain-view.ts';
import { type Fact, factTime } from './facts.ts';
import { IdentityState } from './identity-state.ts';
import { nextChangeAt } from './next-change.ts';
import { latestOf, type RecentEvents, recentByOwner } from './people-records.ts';
import { keyUnitId, PENDING_UNIT, type SavedUnit, type StateUnit, tagUnitId } from './state-units.ts';
import {
  offerTrait,
  type TraitList,
  traitListOf,
  traitRecords,
  traitRows,
  traitTable,
} from './trait-list.ts';

/** What one user key holds: its cells (one per group tag it sent, usually one) and its own trait records. */
interface KeyState {
  /** The one cell itself (most keys send one group tag or none), an array past it; undefined: none. */
  cells: Cell | Cell[] | undefined;
  /** True once any message or user trait record names the key: its user then exists. */
  exists: boolean;
  traits: TraitList;
  /** The key itself (the string its records share). */
  readonly key: string;
}

const NO_CELLS: readonly Cell[] = [];

/** A key's cells as a list (none for an unknown key). */
function cellsOf(state: KeyState | undefined): readonly Cell[] {
  const cells = state?.cells;
  return cells === undefined ? NO_CELLS : Array.isArray(cells) ? cells : [cells];
}

/** An entity's cells as it is read, each once, with the user each belongs to. */
class ViewCells {
  readonly cells: Cell[] = [];
  readonly owners: (string | null)[] = [];

  constructor(private readonly mark: number) {}

  add(cell: Cell, owner: string | null): void {
    if (!cell.joinsView(this.mark)) return;
    this.cells.push(cell);
    this.owners.push(owner);
  }
}

function addCell(state: KeyState, cell: Cell): void {
  const { cells } = state;
  state.cells = cells === undefined ? cell : Array.isArray(cells) ? [...cells, cell] : [cells, cell];
}

/** An entity's score and when it can next change without a new record (null: not by time alone). */
export interface ScoredEntity {
  readonly score: EntityScore;
  readonly nextChangeAt: number | null;
}

/** What a qualification's receipt and alert need of an entity, from the state (`describe`). */
export interface EntityDescription {
  /** Equal to the reference's `explainEntity` at the same `asOf`. */
  readonly receipt: Receipt;
  /**
   * Who the entity is, as records the alert's contact and trigger person are read from: the trait
   * records, chosen identity links and memberships of its user keys (an account's: its own traits and
   * its members' keys), the `recent` events of those keys (or tagged with the account), and per cell
   * one event standing for its latest counted event (no name, no properties).
   */
  readonly people: Dataset;
}

export interface StateSize {
  readonly keys: number;
  readonly cells: number;
  /** Windowed (time, amount) entries and distinct (value, latest time) entries, all cells. */
  readonly entries: number;
  readonly pending: number;
  /** Bytes of room in the row pools (logs, sums, latest times), and how many are in freed blocks. */
  readonly poolBytes: number;
  readonly freeBytes: number;
}

export class IncrementalScorer {
  private horizon = Number.NEGATIVE_INFINITY;
  private pending: Fact[] = [];
  /** How each cell keeps the aggregate signals, and what cells share (cell-arena.ts). */
  private readonly arena: CellArena;
  private readonly keys = new Map<string, KeyState>();
  /** Cells of events without a user key, by their group tag (they count for that account only). */
  private readonly keyless = new Map<string, Cell>();
  /** group tag → every cell tagged with it. */
  private readonly tagged = new Map<string, Set<Cell>>();
  private readonly identity = new IdentityState();
  private readonly accountTraits = new Map<string, TraitList>();
  /** Units changed since the last save began (see state-units.ts). */
  private readonly dirty = new Set<string>();
  /**
   * A save under way (`beginSave`): the ids of its units not taken yet, and copies of those that
   * changed since it began, made just before their change (`touch`), so a save taken in slices
   * still holds every unit as it was when it began.
   */
  private saving: { readonly ids: Set<string>; readonly copied: SavedUnit[] } | null = null;
  /** What facts touched since `takeAffected`: user keys, users (a link moved away), group tags. */
  private readonly touchedKeys = new Set<string>();
  private readonly touchedUsers = new Set<string>();
  private readonly touchedTags = new Set<string>();
  /** Entities read so far: each read's number marks the cells it took (`ViewCells`). */
  private views = 0;

  constructor(
    private readonly ir: DefinitionIR,
    private readonly options: EvaluationOptions = DEFAULT_OPTIONS,
  ) {
    this.arena = new CellArena(
      cellPlan(ir.signals.filter((signal): signal is AggregateSignal => signal.kind === 'aggregate')),
    );
  }

  add(fact: Fact): void {
    if (factTime(fact) > this.horizon) {
      this.touch(PENDING_UNIT);
      this.pending.push(fact);
    } else this.apply(fact);
  }

  /** The latest time asked (−∞ before any). */
  get horizonAt(): number {
    return this.horizon;
  }

  /** The earliest time of a fact still waiting for its time, null when none waits. */
  nextPendingAt(): number | null {
    let earliest: number | null = null;
    for (const fact of this.pending) {
      const at = factTime(fact);
      if (earliest === null || at < earliest) earliest = at;
    }
    return earliest;
  }

  /** Moves the horizon to `asOf`; asking about an earlier time than one already asked is a bug. */
  advance(asOf: number): void {
    if (asOf < this.horizon) {
      throw new RangeError(`bug: asked as of ${asOf}, after already answering as of ${this.horizon}`);
    }
    this.horizon = asOf;
    if (this.arena.wasteful) this.arena.repack(this.everyCell());
    const waiting = this.pending;
    if (!waiting.some((fact) => factTime(fact) <= asOf)) return;
    this.touch(PENDING_UNIT);
    this.pending = [];
    for (const fact of waiting) this.add(fact);
  }

  /**
   * The entities (of the definition's type) whose score may have changed through the facts applied
   * since the last call, as of the horizon; every entity when accounts come from e-mail domains
   * (a user's e-mail can move it between them). Call after `advance`.
   */
  takeAffected(): string[] {
    const users = new Set(this.touchedUsers);
    for (const key of this.touchedKeys) users.add(this.identity.canonical(key));
    const affected = new Set<string>();
    if (this.ir.entity === 'user') for (const user of users) affected.add(user);
    else if (this.options.domainAccounts) {
      for (const id of this.accountIds(this.domainMembers())) affected.add(id);
    } else {
      for (const tag of this.touchedTags) affected.add(tag);
      const keys = new Set(this.touchedKeys);
      for (const user of users) for (const key of this.identity.keysOf(user)) keys.add(key);
      for (const key of keys) {
        for (const cell of cellsOf(this.keys.get(key))) if (cell.tag !== null) affected.add(cell.tag);
        for (const group of this.identity.groupsOfKey(key)) affected.add(group);
      }
    }
    this.touchedKeys.clear();
    this.touchedUsers.clear();
    this.touchedTags.clear();
    return [...affected].sort(compareCodePoints);
  }

  /** The user keys an entity is made of: a user's own keys, an account's joining keys. */
  userKeysOf(id: string): string[] {
    if (this.ir.entity === 'user') return this.identity.keysOf(id);
    return [...(this.identity.joined.get(id) ?? [])];
  }

  /** Every entity of the definition's type as of the horizon. */
  entityIds(): string[] {
    const ids = this.ir.entity === 'user' ? this.userIds() : this.accountIds(this.domainMembers());
    return [...ids].sort(compareCodePoints);
  }

  /**
   * The existing entities among `ids` as of `asOf`, scored, each with when it can next change by
   * time alone (window expiry, recency, seen windows; facts still pending are `nextPendingAt`).
   */
  scoreEntities(ids: Iterable<string>, asOf: number): ScoredEntity[] {
    this.advance(asOf);
    const domains = this.domainMembers();
    const scored: ScoredEntity[] = [];
    for (const id of ids) {
      const exists = this.ir.entity === 'user' ? this.userExists(id) : this.accountExists(id, domains);
      if (!exists) continue;
      const view = this.view(id, domains);
      scored.push({ score: scoreView(this.ir, view, asOf), nextChangeAt: nextChangeAt(this.ir, view, asOf) });
    }
    return scored;
  }

  /**
   * The existing entities among `ids` as of `asOf`, each with its receipt and who it is: no store
   * read. `recent`: events just folded in (the pass's own rows), where a trigger's event is found.
   */
  describe(
    ids: Iterable<string>,
    asOf: number,
    recent: readonly StoredEvent[] = [],
  ): Map<string, EntityDescription> {
    this.advance(asOf);
    const domains = this.domainMembers();
    const byOwner = recentByOwner(recent);
    const described = new Map<string, EntityDescription>();
    for (const id of ids) {
      const exists = this.ir.entity === 'user' ? this.userExists(id) : this.accountExists(id, domains);
      if (!exists) continue;
      const view = this.view(id, domains);
      described.set(id, {
        receipt: explainView(this.ir, view, asOf),
        people: this.peopleOf(view, domains, byOwner),
      });
    }
    return described;
  }

  /** The units changed since the last save, as plain JSON, with their own next expiry. */
  takeChangedUnits(): SavedUnit[] {
    this.beginSave();
    return this.takeSaving(Number.POSITIVE_INFINITY);
  }

  /**
   * Starts a save of the units changed since the last one (or of every unit), as they are now;
   * `takeSaving` hands them out a slice at a time while facts keep coming (a unit is copied before
   * it changes). Nothing is copied here: at 5,000 events a second the copies of 20,000 units took
   * a pass 170 ms, and 1 s after a catch-up; copying every unit at once (≈ 94,000 at 10 M events)
   * held ≈ 90 MiB more at the catch-up's save, the server's peak (issue 16).
   */
  beginSave(which: 'changed' | 'all' = 'changed'): void {
    if (this.saving !== null) throw new Error('bug: a save began before the last one was taken');
    this.saving = { ids: which === 'all' ? this.unitIds() : new Set(this.dirty), copied: [] };
    this.dirty.clear();
  }

  /** Up to `max` units of the save under way, as they were when it began; [] once all are taken. */
  takeSaving(max: number): SavedUnit[] {
    const saving = this.saving;
    if (saving === null) return [];
    const taken = saving.copied.splice(0, max);
    for (const id of saving.ids) {
      if (taken.length >= max) break;
      saving.ids.delete(id);
      taken.push(this.unit(id));
    }
    if (saving.ids.size === 0 && saving.copied.length === 0) this.saving = null;
    return taken;
  }

  /** How many units changed since the last save began. */
  get changedUnits(): number {
    return this.dirty.size;
  }

  /** Every unit, at once. */
  allUnits(): SavedUnit[] {
    this.beginSave('all');
    return this.takeSaving(Number.POSITIVE_INFINITY);
  }

  /** The id of every unit the state holds. */
  private unitIds(): Set<string> {
    const ids = new Set<string>([PENDING_UNIT]);
    for (const key of this.keys.keys()) ids.add(keyUnitId(key));
    for (const key of this.identity.keysWithIdentity()) ids.add(keyUnitId(key));
    for (const tag of this.keyless.keys()) ids.add(tagUnitId(tag));
    for (const tag of this.accountTraits.keys()) ids.add(tagUnitId(tag));
    return ids;
  }

  /**
   * A scorer as saved: the same definition and options, its horizon and every unit. Nothing counts
   * as affected or changed after a restore.
   */
  static restore(
    ir: DefinitionIR,
    options: EvaluationOptions,
    saved: { readonly horizon: number; readonly units: Iterable<StateUnit> },
  ): IncrementalScorer {
    const scorer = new IncrementalScorer(ir, options);
    scorer.horizon = saved.horizon;
    for (const unit of saved.units) scorer.restoreUnit(unit);
    return scorer;
  }

  private restoreUnit(unit: StateUnit): void {
    switch (unit.kind) {
      case 'pending':
        this.pending.push(...unit.facts);
        return;
      case 'tag': {
        if (unit.cell !== null) {
          const tag = this.arena.shared(unit.tag);
          const cell = Cell.restore(this.arena, unit.cell, null, tag);
          this.keyless.set(tag, cell);
          this.tag(tag, cell);
        }
        if (unit.traits.length > 0)
          this.accountTraits.set(unit.tag, traitListOf(unit.traits, 'account', unit.tag));
        return;
      }
      case 'key': {
        const { link } = unit;
        if (link !== null) {
          this.identity.addLink({ ...link, fromId: unit.key, userId: this.keyString(link.userId) });
        }
        for (const groupId of unit.groups) {
          this.identity.addMembership({
            userKey: unit.key,
            groupId: this.arena.shared(groupId),
            timestamp: 0,
          });
        }
        if (!unit.exists && unit.cells.length === 0 && unit.traits.length === 0) return;
        const state = this.keyState(unit.key);
        state.exists = unit.exists;
        state.traits = traitListOf(unit.traits, 'user', unit.key);
        for (const [tag, snapshot] of unit.cells) {
          const cell = Cell.restore(
            this.arena,
            snapshot,
            state.key,
            tag === null ? null : this.arena.shared(tag),
          );
          addCell(state, cell);
          if (tag !== null) this.tag(tag, cell);
        }
      }
    }
  }

  private unit(id: string): SavedUnit {
    if (id === PENDING_UNIT) {
      return { id, unit: { kind: 'pending', facts: [...this.pending] }, nextChangeAt: this.nextPendingAt() };
    }
    const name = id.slice(2);
    if (id.startsWith('g:')) {
      const cell = this.keyless.get(name);
      return {
        id,
        unit: {
          kind: 'tag',
          tag: name,
          cell: cell?.snapshot() ?? null,
          traits: traitRows(this.accountTraits.get(name)),
        },
        nextChangeAt: cell?.nextExpiry(this.horizon) ?? null,
      };
    }
    const state = this.keys.get(name);
    let next: number | null = null;
    for (const cell of cellsOf(state)) {
      const at = cell.nextExpiry(this.horizon);
      if (at !== null && (next === null || at < next)) next = at;
    }
    return {
      id,
      unit: {
        kind: 'key',
        key: name,
        exists: state?.exists ?? false,
        cells: cellsOf(state).map((cell) => [cell.tag, cell.snapshot()] as const),
        traits: traitRows(state?.traits),
        link: this.identity.linkOf(name) ?? null,
        groups: [...this.identity.groupsOfKey(name)],
      },
      nextChangeAt: next,
    };
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
    for (const cell of this.everyCell()) cell.expire(this.horizon);
  }

  size(): StateSize {
    let cells = 0;
    let entries = 0;
    for (const cell of this.everyCell()) {
      cells += 1;
      entries += cell.entries;
    }
    let poolBytes = 0;
    let freeBytes = 0;
    for (const pool of this.arena.pools) {
      const { room, free } = pool.rows;
      poolBytes += room * pool.rowBytes;
      freeBytes += free * pool.rowBytes;
    }
    return { keys: this.keys.size, cells, entries, pending: this.pending.length, poolBytes, freeBytes };
  }

  private *everyCell(): Generator<Cell> {
    for (const state of this.keys.values()) yield* cellsOf(state);
    yield* this.keyless.values();
  }

  private apply(fact: Fact): void {
    switch (fact.kind) {
      case 'event':
        this.applyEvent(fact.event);
        break;
      case 'link': {
        const from = this.keyString(fact.link.fromId);
        this.touch(keyUnitId(from));
        this.touchedUsers.add(this.identity.canonical(from));
        this.identity.addLink({ ...fact.link, fromId: from, userId: this.keyString(fact.link.userId) });
        this.touchedKeys.add(from);
        this.touchedUsers.add(fact.link.userId);
        break;
      }
      case 'membership':
        this.touch(keyUnitId(fact.membership.userKey));
        this.identity.addMembership({
          ...fact.membership,
          userKey: this.keyString(fact.membership.userKey),
          groupId: this.arena.shared(fact.membership.groupId),
        });
        this.touchedKeys.add(fact.membership.userKey);
        this.touchedTags.add(fact.membership.groupId);
        break;
      case 'trait':
        this.applyTrait(fact.trait);
        break;
    }
  }

  private applyEvent(event: StoredEvent): void {
    const key = userKeyOf(event);
    // One string per group tag, whichever event named it (every cell and map keeps it).
    const tag = event.groupId === null ? null : this.arena.shared(event.groupId);
    if (key !== null) this.touch(keyUnitId(key));
    else if (tag !== null) this.touch(tagUnitId(tag));
    const state = key === null ? null : this.keyState(key);
    if (key !== null) this.touchedKeys.add(key);
    if (tag !== null) this.touchedTags.add(tag);
    if (state !== null) state.exists = true;
    if (!COUNTED_TYPES.includes(event.type)) return;
    let cell =
      state === null
        ? tag === null
          ? undefined
          : this.keyless.get(tag)
        : cellsOf(state).find((known) => known.tag === tag);
    if (cell === undefined) {
      // An event with neither a user key nor a group tag belongs to no entity.
      if (state === null && tag === null) return;
      cell = new Cell(this.arena, state?.key ?? null, tag);
      if (state !== null) addCell(state, cell);
      else if (tag !== null) this.keyless.set(tag, cell);
      if (tag !== null) this.tag(tag, cell);
    }
    cell.add(event, this.horizon);
  }

  private tag(tag: string, cell: Cell): void {
    const set = this.tagged.get(tag) ?? new Set();
    this.tagged.set(tag, set.add(cell));
  }

  private applyTrait(record: TraitRecord): void {
    if (record.entityType === 'account') {
      this.touchedTags.add(record.entityId);
      this.touch(tagUnitId(record.entityId));
      this.accountTraits.set(record.entityId, offerTrait(this.accountTraits.get(record.entityId), record));
      return;
    }
    this.touch(keyUnitId(record.entityId));
    const state = this.keyState(record.entityId);
    this.touchedKeys.add(record.entityId);
    state.exists = true;
    state.traits = offerTrait(state.traits, record);
  }

  /** Marks a unit changed: call before changing it, so a save under way keeps it as it was. */
  private touch(id: string): void {
    const saving = this.saving;
    if (saving?.ids.delete(id) === true) saving.copied.push(this.unit(id));
    this.dirty.add(id);
  }

  /**
   * The string a known key's state holds, else `key`: links and memberships keep that one copy
   * rather than their own (each record read makes its strings anew; 150,000 keys at 10 M events).
   */
  private keyString(key: string): string {
    return this.keys.get(key)?.key ?? key;
  }

  private keyState(key: string): KeyState {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { cells: undefined, exists: false, traits: undefined, key };
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
    return traitTable(
      this.identity.keysOf(user).map((key) => [this.keys.get(key)?.traits, 'user', key] as const),
    );
  }

  /** The cells of every key of `user`, each owned by `user` (every such key resolves to it). */
  private addUserCells(user: string, into: ViewCells): void {
    for (const key of this.identity.keysOf(user)) {
      const cells = this.keys.get(key)?.cells;
      if (cells === undefined) continue;
      if (Array.isArray(cells)) for (const cell of cells) into.add(cell, user);
      else into.add(cells, user);
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

  private peopleOf(view: EntityView, domains: Map<string, Set<string>>, recent: RecentEvents): Dataset {
    const { id } = view;
    const account = this.ir.entity === 'account';
    const keys = new Set<string>();
    const memberships: Membership[] = [];
    const traits: TraitRecord[] = [];
    if (!account) for (const key of this.identity.keysOf(id)) keys.add(key);
    else {
      traits.push(...traitRecords(this.accountTraits.get(id), 'account', id));
      for (const key of this.identity.joined.get(id) ?? []) {
        keys.add(key);
        memberships.push({ userKey: key, groupId: id, timestamp: 0 });
      }
      for (const user of [...this.identity.membersOf(id), ...(domains.get(id) ?? [])]) {
        for (const key of this.identity.keysOf(user)) keys.add(key);
      }
      for (const cell of view.cells) if (cell.key !== null) keys.add(cell.key);
    }
    const links: IdentityLink[] = [];
    for (const key of keys) {
      traits.push(...traitRecords(this.keys.get(key)?.traits, 'user', key));
      const link = this.identity.linkOf(key);
      if (link !== undefined) links.push(link);
    }
    const events = new Set<StoredEvent>();
    for (const key of keys) for (const event of recent.byKey.get(key) ?? []) events.add(event);
    if (account) for (const event of recent.byGroup.get(id) ?? []) events.add(event);
    for (const cell of view.cells) for (const event of latestOf(cell, account ? id : null)) events.add(event);
    return { events: [...events], links, memberships, traits };
  }

  private view(id: string, domains: Map<string, Set<string>>): EntityView {
    const canonical = (key: string) => this.identity.canonical(key);
    const into = new ViewCells(++this.views);
    if (this.ir.entity === 'user') {
      this.addUserCells(id, into);
      return { id, cells: into.cells, owners: into.owners, traits: this.userTraits(id), canonical };
    }
    const epoch = this.identity.linkEpoch;
    for (const cell of this.tagged.get(id) ?? []) into.add(cell, cell.ownerAt(epoch, canonical));
    for (const user of this.identity.membersOf(id)) this.addUserCells(user, into);
    for (const user of domains.get(id) ?? []) this.addUserCells(user, into);
    const traits = traitTable([[this.accountTraits.get(id), 'account', id]]);
    return { id, cells: into.cells, owners: into.owners, traits, canonical };
  }
}
