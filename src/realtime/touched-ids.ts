/**
 * What a group commit touched, per workspace: the user keys and account ids whose scores may have
 * changed, and for each the latest event (the "trigger" a qualification names). Filled from the
 * store's commit listener; the engine takes the whole set at the start of each pass.
 */

import type { OutcomeRow } from '../store/store.ts';
import type { CommittedWrite } from './commit-source.ts';

export interface Trigger {
  readonly event: string;
  /** Event time, epoch ms. */
  readonly at: number;
  /** When the store acknowledged it, epoch ms: the start of the latency budget. */
  readonly committedAt: number;
}

export class TouchedIds {
  readonly userKeys = new Set<string>();
  readonly accountIds = new Set<string>();
  /** Keyed `u:<user key>` or `a:<account id>`; the latest event by event time. */
  readonly triggers = new Map<string, Trigger>();
  /** Outcomes committed since the last pass: they may stop SLA clocks. */
  readonly outcomes: OutcomeRow[] = [];
  /** The earliest commit in this set, epoch ms. */
  firstCommittedAt = Number.POSITIVE_INFINITY;

  /** Entities touched plus outcomes to apply: zero means there is nothing to do. */
  get size(): number {
    return this.userKeys.size + this.accountIds.size + this.outcomes.length;
  }

  add(write: CommittedWrite, committedAt: number): void {
    this.outcomes.push(...write.outcomes);
    if (write.messages.length + write.traits.length === 0) return;
    this.firstCommittedAt = Math.min(this.firstCommittedAt, committedAt);
    for (const m of write.messages) {
      const key = m.userId ?? m.anonymousId;
      if (key !== null) this.userKeys.add(key);
      if (m.groupId !== null) this.accountIds.add(m.groupId);
      if (m.link !== null) this.userKeys.add(m.link.fromId).add(m.link.userId);
      if (m.membership !== null) {
        this.userKeys.add(m.membership.userKey);
        this.accountIds.add(m.membership.groupId);
      }
      for (const t of m.traitWrites) this.addEntity(t.entityType, t.entityId);
      if (m.event !== null) {
        const trigger = { event: m.event, at: m.timestamp, committedAt };
        if (key !== null) this.noteTrigger(`u:${key}`, trigger);
        if (m.groupId !== null) this.noteTrigger(`a:${m.groupId}`, trigger);
      }
    }
    for (const t of write.traits) this.addEntity(t.entityType, t.entityId);
  }

  /** The latest trigger among these keys (an entity's own ids), or null. */
  triggerFor(keys: Iterable<string>): Trigger | null {
    let best: Trigger | null = null;
    for (const key of keys) {
      const t = this.triggers.get(key);
      if (t !== undefined && (best === null || t.at > best.at)) best = t;
    }
    return best;
  }

  private addEntity(type: 'user' | 'account', id: string): void {
    if (type === 'user') this.userKeys.add(id);
    else this.accountIds.add(id);
  }

  private noteTrigger(key: string, trigger: Trigger): void {
    const previous = this.triggers.get(key);
    if (previous === undefined || trigger.at >= previous.at) this.triggers.set(key, trigger);
  }
}
