/**
 * What a rep does to a lead: mark contacted (stops the SLA clock), snooze, suppress (do not
 * contact), reassign. Each calls the admin API; the live stream then refreshes every open view.
 */
import { useRef, useState } from 'preact/hooks';
import { api } from '../api.ts';
import type { Lead } from '../types.ts';
import { ErrorNote } from './bits.tsx';

type LeadRef = Pick<Lead, 'entityType' | 'entityId' | 'contactedAt' | 'status' | 'name'>;

export function LeadActions({ lead, onDone }: { lead: LeadRef; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [owner, setOwner] = useState('');
  const base = `/api/leads/${lead.entityType}/${encodeURIComponent(lead.entityId)}`;
  const who = lead.name ?? lead.entityId;

  const run = async (path: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      await api(`${base}/${path}`, { method: 'POST', body });
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const onMore = (event: Event) => {
    const select = event.currentTarget as HTMLSelectElement;
    const choice = select.value;
    select.value = '';
    if (choice === 'snooze-day') void run('snooze', { hours: 24 });
    if (choice === 'snooze-week') void run('snooze', { hours: 24 * 7 });
    if (
      choice === 'suppress' &&
      confirm(`Never alert about ${who} again? Their e-mail or domain joins the do-not-contact list.`)
    ) {
      void run('suppress', { reason: 'suppressed from the dashboard' });
    }
    if (choice === 'reassign') dialog.current?.showModal();
  };

  const contacted = lead.contactedAt !== null;
  return (
    <div class="actions">
      <button
        type="button"
        class="primary"
        disabled={busy || contacted}
        onClick={() => void run('contacted', {})}
        aria-label={contacted ? `${who} was contacted` : `Mark ${who} contacted`}
      >
        {contacted ? 'Contacted' : 'Mark contacted'}
      </button>
      <select aria-label={`More actions for ${who}`} onChange={onMore} disabled={busy} value="">
        <option value="">More…</option>
        <option value="snooze-day">Snooze 1 day</option>
        <option value="snooze-week">Snooze 1 week</option>
        <option value="reassign">Reassign…</option>
        <option value="suppress">Suppress (do not contact)</option>
      </select>
      <dialog ref={dialog} aria-labelledby={`reassign-${lead.entityId}`}>
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            dialog.current?.close();
            void run('reassign', { owner: owner.trim() });
          }}
        >
          <h3 id={`reassign-${lead.entityId}`}>Reassign {who}</h3>
          <label>
            New owner's e-mail
            <input
              type="email"
              required
              value={owner}
              onInput={(e) => setOwner((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <div class="dialog-buttons">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" class="primary">
              Reassign
            </button>
          </div>
        </form>
      </dialog>
      <ErrorNote error={error} />
    </div>
  );
}
