/**
 * When each entity can next change by time alone (a window expiring, recency, a seen window), kept
 * so that a pass finds the entities due by a time, and the engine the earliest time, without going
 * over every entity: a binary heap of (time, entity) entries beside the map of each entity's current
 * time. Going over the map twice a pass grew with the entities (issue 16: cost independent of
 * history). An entry whose entity has moved on is skipped when it reaches the top; the heap is
 * rebuilt from the map when such entries outnumber the live ones.
 */
export class DueTimes {
  private readonly current = new Map<string, number>();
  private times: number[] = [];
  private ids: string[] = [];

  get size(): number {
    return this.current.size;
  }

  /** `id` is due at `at` (replacing what it was due at). */
  set(id: string, at: number): void {
    if (this.current.get(id) === at) return;
    this.current.set(id, at);
    this.push(at, id);
    if (this.times.length > 2 * this.current.size + 1024) this.rebuild();
  }

  delete(id: string): void {
    this.current.delete(id);
  }

  /** Takes the entities due at or before `asOf` (each once, in no set order): no longer due until set again. */
  takeDue(asOf: number): string[] {
    const due: string[] = [];
    while (this.times.length > 0 && (this.times[0] ?? Number.POSITIVE_INFINITY) <= asOf) {
      const [at, id] = this.pop();
      // An entity set to a time again can have two entries for it: the first taken deletes it.
      if (this.current.get(id) !== at) continue;
      this.current.delete(id);
      due.push(id);
    }
    return due;
  }

  /** The earliest time any entity is due (null: none is). */
  next(): number | null {
    while (this.times.length > 0) {
      const at = this.times[0] ?? Number.POSITIVE_INFINITY;
      const id = this.ids[0] ?? '';
      if (this.current.get(id) === at) return at;
      this.pop();
    }
    return null;
  }

  private rebuild(): void {
    this.times = [];
    this.ids = [];
    for (const [id, at] of this.current) this.push(at, id);
  }

  private push(at: number, id: string): void {
    const { times, ids } = this;
    let index = times.length;
    times.push(at);
    ids.push(id);
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      if ((times[parent] ?? 0) <= at) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  private pop(): [number, string] {
    const { times, ids } = this;
    const top: [number, string] = [times[0] ?? Number.NaN, ids[0] ?? ''];
    const lastTime = times.pop() ?? Number.NaN;
    const lastId = ids.pop() ?? '';
    if (times.length === 0) return top;
    times[0] = lastTime;
    ids[0] = lastId;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let least = index;
      if (left < times.length && (times[left] ?? 0) < (times[least] ?? 0)) least = left;
      if (right < times.length && (times[right] ?? 0) < (times[least] ?? 0)) least = right;
      if (least === index) return top;
      this.swap(index, least);
      index = least;
    }
  }

  private swap(a: number, b: number): void {
    const { times, ids } = this;
    [times[a], times[b]] = [times[b] ?? Number.NaN, times[a] ?? Number.NaN];
    [ids[a], ids[b]] = [ids[b] ?? '', ids[a] ?? ''];
  }
}
