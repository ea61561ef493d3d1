/** A lead's SLA clock: counting down while nobody has reached out, stopped once someone has. */
import { duration, when } from '../format.ts';
import type { Lead } from '../types.ts';

type SlaLead = Pick<Lead, 'slaDueAt' | 'contactedAt' | 'openedAt' | 'snoozedUntil' | 'status' | 'breachedAt'>;

export function Sla({ lead, now }: { lead: SlaLead; now: number }) {
  if (lead.contactedAt !== null) {
    const took = Date.parse(lead.contactedAt) - Date.parse(lead.openedAt);
    const late = lead.slaDueAt !== null && Date.parse(lead.contactedAt) > Date.parse(lead.slaDueAt);
    return (
      <span
        class={`sla sla-stopped${late ? ' sla-late' : ''}`}
        data-sla="stopped"
        title={`Contacted ${when(lead.contactedAt)}`}
      >
        ✓ contacted after {duration(Math.max(0, took))}
        {late ? ' (late)' : ''}
      </span>
    );
  }
  if (lead.snoozedUntil !== null && Date.parse(lead.snoozedUntil) > now) {
    return (
      <span class="sla sla-snoozed" data-sla="snoozed">
        snoozed until {when(lead.snoozedUntil)}
      </span>
    );
  }
  if (lead.slaDueAt === null || lead.status === 'suppressed' || lead.status === 'no-action') {
    return (
      <span class="sla sla-none" data-sla="none">
        no SLA
      </span>
    );
  }
  const left = Date.parse(lead.slaDueAt) - now;
  if (left <= 0) {
    return (
      <span class="sla sla-overdue" data-sla="running" title={`Due ${when(lead.slaDueAt)}`}>
        overdue by {duration(-left)}
      </span>
    );
  }
  return (
    <span
      class={`sla ${left < 3_600_000 ? 'sla-soon' : 'sla-ok'}`}
      data-sla="running"
      title={`Due ${when(lead.slaDueAt)}`}
    >
      due in {duration(left)}
    </span>
  );
}
