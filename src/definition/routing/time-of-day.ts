/** Times of day and time zones as `routing:` writes them. */

/** `18:30` → 1110 minutes after midnight; the text has matched TIME_OF_DAY. */
export function minutesOfDay(text: string): number {
  const [hours = '0', minutes = '0'] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** The canonical IANA name (`europe/paris` → `Europe/Paris`), or null when Intl does not know it. */
export function canonicalTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
