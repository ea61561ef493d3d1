/**
 * Cutting text to a receiver's limit without breaking it: never inside a surrogate pair or an
 * escape sequence, ending in "…" when something was cut. Lengths are UTF-16 units, which is never
 * less than what Slack or a mail client counts.
 */
export const ELLIPSIS = '…';

/** `text` with each character passed through `encode`, cut to at most `max` units. */
export function fitText(text: string, max: number, encode: (char: string) => string = (c) => c): string {
  const pieces: string[] = [];
  let length = 0;
  const chars = Array.from(text);
  for (const [index, char] of chars.entries()) {
    const piece = encode(char);
    const last = index === chars.length - 1;
    // Keep room for the ellipsis unless this piece ends the text.
    if (length + piece.length + (last ? 0 : ELLIPSIS.length) > max) {
      if (last && length + piece.length <= max) {
        pieces.push(piece);
        return pieces.join('');
      }
      return max >= ELLIPSIS.length ? `${pieces.join('')}${ELLIPSIS}` : '';
    }
    pieces.push(piece);
    length += piece.length;
  }
  return pieces.join('');
}

const MRKDWN_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Slack's mrkdwn reserves &, < and > (links and mentions); user text must not be read as either. */
export function escapeMrkdwn(char: string): string {
  return MRKDWN_ESCAPES[char] ?? char;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
