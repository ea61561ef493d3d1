/**
 * JSON.parse copes with any depth, but JSON.stringify and most code after it recurse: deep nesting is
 * refused before parsing, by a linear scan of the text.
 */
/** True when arrays/objects nest deeper than `limit` (text inside strings is skipped). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
