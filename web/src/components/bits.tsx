/** Small shared pieces: tier badges, empty states, errors, the ticking clock. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';

const KNOWN_TIERS = new Set(['cold', 'warm', 'hot', 'burning']);

export function TierBadge({ tier }: { tier: string | null }) {
  const name = tier ?? 'no tier';
  const tone = tier !== null && KNOWN_TIERS.has(tier.toLowerCase()) ? tier.toLowerCase() : 'other';
  return <span class={`tier tier-${tone}`}>{name}</span>;
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty" role="status">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const message =
    error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const hint = error instanceof ApiError ? error.hint : null;
  return (
    <p class="error" role="alert">
      {message}
      {hint === null ? null : <span class="hint"> {hint}</span>}
    </p>
  );
}

let clockOffset = 0;

/** Aligns the page's clock with the server's (`now` in API replies), so countdowns agree with SLAs. */
export function syncClock(serverNow: string): void {
  clockOffset = Date.parse(serverNow) - Date.now();
}

export function serverNow(): number {
  return Date.now() + clockOffset;
}

/** The server's time, re-rendering every `everyMs`. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function Section({
  title,
  children,
  id,
}: {
  title: string;
  children: ComponentChildren;
  id?: string;
}) {
  const headingId = `${id ?? title.toLowerCase().replace(/\W+/g, '-')}-heading`;
  return (
    <section class="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
