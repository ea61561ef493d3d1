/**
 * The events an entity description (`IncrementalScorer.describe`) carries for the alert's trigger
 * person: the pass's new events of the entity's keys or account, found by owner, and one stand-in
 * per cell for its latest counted event.
 */
import type { StoredEvent } from '../../model/dataset.ts';
import { userKeyOf } from '../reference/identity.ts';
import type { Cell } from './cell.ts';

/** A pass's new events by user key and by group tag (a rebuild's last range can be large). */
export interface RecentEvents {
  readonly byKey: Map<string, StoredEvent[]>;
  readonly byGroup: Map<string, StoredEvent[]>;
}

export function recentByOwner(recent: readonly StoredEvent[]): RecentEvents {
  const byKey = new Map<string, StoredEvent[]>();
  const byGroup = new Map<string, StoredEvent[]>();
  const file = (into: Map<string, StoredEvent[]>, owner: string | null, event: StoredEvent) => {
    if (owner === null) return;
    const list = into.get(owner);
    if (list === undefined) into.set(owner, [event]);
    else list.push(event);
  };
  for (const event of recent) {
    file(byKey, userKeyOf(event), event);
    file(byGroup, event.groupId, event);
  }
  return { byKey, byGroup };
}

/** A cell's latest counted event, as a trigger person is looked for (who, when; not what). */
export function latestOf(cell: Cell, groupId: string | null): StoredEvent[] {
  if (cell.key === null || cell.last === null) return [];
  return [
    {
      messageId: '',
      type: 'track',
      event: '',
      userId: cell.key,
      anonymousId: null,
      groupId,
      timestamp: cell.last,
      properties: {},
    },
  ];
}
