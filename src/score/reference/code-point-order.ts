/**
 * String order by Unicode code point, which equals the byte order of UTF-8 and therefore the
 * binary collation SQL engines use. JavaScript's `<` compares UTF-16 code units instead, which
 * puts astral characters (emoji) before U+E000–U+FFFF; every evaluator must agree, so we fix that.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return Math.sign(codePointRank(x) - codePointRank(y));
  }
  return Math.sign(a.length - b.length);
}

/**
 * At the first differing code unit, surrogates (U+D800–U+DFFF) stand for code points above
 * U+FFFF, so they must rank above U+E000–U+FFFF; units below U+D800 are already in place.
 */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
