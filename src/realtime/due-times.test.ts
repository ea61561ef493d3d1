import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/seeded-random.ts';
import { DueTimes } from './due-times.ts';

describe('DueTimes', () => {
  it('answers what a plain map would: who is due by a time (taken), and the earliest time, under random use', () => {
    const random = seededRandom(5);
    const due = new DueTimes();
    const plain = new Map<string, number>();
    const set = (id: string, at: number) => {
      due.set(id, at);
      plain.set(id, at);
    };
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      const id = `e${Math.floor(random() * 300)}`;
      const roll = random();
      if (roll < 0.6) set(id, now + Math.floor(random() * 1_000));
      else if (roll < 0.8) {
        due.delete(id);
        plain.delete(id);
      } else {
        // A pass: the entities due by now are taken, some due again later, as the engine does.
        now += Math.floor(random() * 50);
        const expected = [...plain].filter(([, at]) => at <= now).map(([entity]) => entity);
        const found = due.takeDue(now);
        expect(new Set(found)).toEqual(new Set(expected));
        expect(found).toHaveLength(expected.length);
        for (const entity of found) {
          plain.delete(entity);
          if (random() < 0.5) set(entity, now + 1 + Math.floor(random() * 1_000));
        }
      }
      expect(due.next()).toBe(plain.size === 0 ? null : Math.min(...plain.values()));
      expect(due.size).toBe(plain.size);
    }
  });
});
