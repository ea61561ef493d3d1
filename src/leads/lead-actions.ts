/**
 * What a person does to a lead from the dashboard: mark it contacted (which stops its SLA clock and
 * records a `contacted` outcome, as any first touch does), snooze it, suppress it (its e-mail or domain joins the
 * do-not-contact list), or give it to another owner. Each change updates the `leads` row and is
 * announced on the live feed, so every open queue shows it at once. Plain SQL over a `SqlClient`,
 * on either back end.
 */
import { err, ok, type Result } from '../lib/result.ts';
import type { SqlClient, SqlParam } from '../lib/sql-client.ts';
import type { QualificationFeed } from '../realtime/qualification-feed.ts';
import { SqlSuppressionStore } from '../route/suppressions/sql-suppression-store.ts';
import { normalizeSuppression } from '../route/suppressions/suppression-entry.ts';
import type { EventStore, OutcomeRow } from '../store/store.ts';

export interface LeadRef {
  readonly workspaceId: string;
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
}

export type LeadActionError =
  | { readonly code: 'no-lead'; readonly message: string }
  | { readonly code: 'nothing-to-suppress'; readonly message: string };

export interface LeadActionsDeps {
  /** The database the leads are in (usually `store.database.client`). */
  readonly client: SqlClient;
  /** Where the `contacted` outcome is recorded (the engine hears of it as of any other outcome). */
  readonly store: Pick<EventStore, 'appendOutcomes'>;
  readonly feed: QualificationFeed;
  readonly now: () => number;
}

export class LeadActions {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly at: (param: number) => string;

  constructor(private readonly deps: LeadActionsDeps) {
    this.at = (param) => deps.client.sql.at(param);
  }

  /**
   * Stops the SLA clock, marks the lead contacted, then records the `contacted` outcome. The lead is
   * updated first, so the engine, seeing the outcome, finds the clock already stopped and does not
   * write the same row. Unlike a touch the engine infers from an outcome (which moves only open and
   * snoozed leads), a person saying "I contacted them" moves any lead but a suppressed one: a
   * `no-action` lead (a rule that alerts nobody) was contacted all the same.
   */
  contacted(lead: LeadRef, by: string | null): Promise<Result<{ contactedAt: number }, LeadActionError>> {
    return this.serial(async () => {
      const row = await this.owner(lead);
      if (row === null) return err(noLead(lead));
      const outcome: OutcomeRow = {
        entityType: lead.entityType,
        entityId: lead.entityId,
        type: 'contacted',
        amount: null,
        owner: by ?? row.owner,
        timestamp: this.deps.now(),
        source: 'dashboard',
      };
      await this.update(
        lead,
        `contacted_at = coalesce(contacted_at, ${this.at(4)}), updated_at = ${this.at(4)},
         status = CASE WHEN status = 'suppressed' THEN status ELSE 'contacted' END`,
        [outcome.timestamp],
      );
      await this.deps.store.appendOutcomes(lead.workspaceId, [outcome]);
      this.announce(lead, 'contacted');
      const [stopped] = await this.deps.client.query<{ contacted_at: number | null }>(
        'SELECT contacted_at FROM leads WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3',
        [lead.workspaceId, lead.entityType, lead.entityId],
      );
      return ok({ contactedAt: Number(stopped?.contacted_at ?? outcome.timestamp) });
    });
  }

  snooze(lead: LeadRef, until: number): Promise<Result<{ snoozedUntil: number }, LeadActionError>> {
    return this.serial(async () => {
      if ((await this.owner(lead)) === null) return err(noLead(lead));
      await this.update(
        lead,
        `status = 'snoozed', snoozed_until = ${this.at(4)}, updated_at = ${this.at(5)}`,
        [until, this.deps.now()],
      );
      this.announce(lead, 'snoozed');
      return ok({ snoozedUntil: until });
    });
  }

  /** Puts the lead's e-mail (a user) or domain (an account) on the do-not-contact list. */
  suppress(
    lead: LeadRef,
    reason: string | null,
  ): Promise<Result<{ kind: 'email' | 'domain'; value: string }, LeadActionError>> {
    return this.serial(async () => {
      if ((await this.owner(lead)) === null) return err(noLead(lead));
      const target = await this.suppressionTarget(lead);
      if (target === null) {
        return err({
          code: 'nothing-to-suppress',
          message: `${lead.entityType} ${lead.entityId} has no ${lead.entityType === 'user' ? 'email' : 'domain'} trait to put on the do-not-contact list.`,
        });
      }
      const entry = normalizeSuppression({ kind: target.kind, value: target.value, reason });
      if (!entry.ok) return err({ code: 'nothing-to-suppress', message: entry.error });
      await new SqlSuppressionStore(this.deps.client, this.deps.now).add(
        lead.workspaceId,
        [entry.value],
        'dashboard',
      );
      const now = this.deps.now();
      await this.update(lead, `status = 'suppressed', updated_at = ${this.at(4)}`, [now]);
      this.announce(lead, 'suppressed');
      return ok({ kind: entry.value.kind, value: entry.value.value });
    });
  }

  reassign(
    lead: LeadRef,
    owner: { readonly email: string; readonly name: string | null },
  ): Promise<Result<{ owner: string }, LeadActionError>> {
    return this.serial(async () => {
      if ((await this.owner(lead)) === null) return err(noLead(lead));
      await this.update(
        lead,
        `owner = $4, owner_name = $5, assigned_at = ${this.at(6)}, updated_at = ${this.at(6)}`,
        [owner.email, owner.name, this.deps.now()],
      );
      this.announce(lead, 'reassigned');
      return ok({ owner: owner.email });
    });
  }

  /** The lead's current owner, or null when there is no such lead. */
  private async owner(lead: LeadRef): Promise<{ owner: string | null } | null> {
    const [row] = await this.deps.client.query<{ owner: string | null }>(
      'SELECT owner FROM leads WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3',
      [lead.workspaceId, lead.entityType, lead.entityId],
    );
    return row === undefined ? null : { owner: row.owner };
  }

  private async suppressionTarget(
    lead: LeadRef,
  ): Promise<{ kind: 'email' | 'domain'; value: string } | null> {
    const key = lead.entityType === 'user' ? 'email' : 'domain';
    const [row] = await this.deps.client.query<{ value: string | null }>(
      `SELECT value FROM traits WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3 AND key = $4
       ORDER BY ts DESC NULLS LAST, seq DESC LIMIT 1`,
      [lead.workspaceId, lead.entityType, lead.entityId, key],
    );
    const value: unknown = typeof row?.value === 'string' ? JSON.parse(row.value) : null;
    if (typeof value !== 'string' || value.trim() === '') return null;
    return { kind: key, value };
  }

  private async update(lead: LeadRef, set: string, extra: SqlParam[]): Promise<void> {
    await this.deps.client.run(
      `UPDATE leads SET ${set} WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3`,
      [lead.workspaceId, lead.entityType, lead.entityId, ...extra],
    );
  }

  private announce(lead: LeadRef, change: string): void {
    this.deps.feed.publish({ type: 'lead', data: { ...lead, change } });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

function noLead(lead: LeadRef): LeadActionError {
  return { code: 'no-lead', message: `No lead for ${lead.entityType} "${lead.entityId}" in this workspace.` };
}
