/**
 * A fast, non-cryptographic 64-bit string hash returned as two 32-bit halves. Used to keep the
 * dedupe index compact (8 bytes per message id); a match is always confirmed against the store,
 * so collisions cost a lookup, never a lost event.
 */
export interface Hash64 {
  readonly hi: number;
  readonly lo: number;
}

export function hash64(text: string): Hash64 {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { hi: h1 >>> 0, lo: h2 >>> 0 };
}
