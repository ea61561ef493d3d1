/**
 * Key → a set of strings, where most keys hold one value (a user key's one group, a user's one
 * linked key): such a value is kept as the string itself, and a `Set` (≈ 300 bytes even for one
 * value) is made only at the second one. Across a large store's keys this is a good part of the
 * identity state's memory (issue 16).
 */
const NONE: readonly string[] = [];

export class SmallSets {
  private readonly map = new Map<string, string | Set<string>>();

  add(key: string, value: string): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, value);
    else if (typeof held === 'string') {
      if (held !== value) this.map.set(key, new Set([held, value]));
    } else held.add(value);
  }

  delete(key: string, value: string): void {
    const held = this.map.get(key);
    if (held === value) this.map.delete(key);
    else if (typeof held !== 'string' && held !== undefined) {
      held.delete(value);
      if (held.size === 0) this.map.delete(key);
    }
  }

  /** The values of `key` (none when it has none). */
  get(key: string): Iterable<string> {
    const held = this.map.get(key);
    return held === undefined ? NONE : typeof held === 'string' ? [held] : held;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}
