/**
 * How far a server's JS heap may grow past what is live before V8 collects it in full. V8's own
 * rule lets a busy process reach three to four times its live heap: with the real-time state of a
 * 10 M-event store (≈ 400 MiB live) that was 1.3 GiB of heap, most of it garbage (issue 16). A
 * server grows it by 15 % instead: full collections come more often (each mostly concurrent, with
 * pauses of tens of milliseconds), and the heap stays near what it holds. With ≈ 200 MiB live at
 * 10 M stored events, 30 % held a heap of 320–330 MiB and 15 % one of 285–305 MiB, with no more
 * passes slower than 100 ms in three-minute goal runs: 178 of 6,471 at 30 %, 148 of 6,764 and 115
 * of 7,147 at 15 % (session 13).
 *
 * Set at run time through `v8.setFlagsFromString`, which V8 reads each time it sizes the heap; a
 * V8 without the flag says so on stderr and keeps its own rule.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWTH_PERCENT = 15;

export function limitHeapGrowth(percent: number = HEAP_GROWTH_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${Math.max(1, Math.round(percent))}`);
}

/**
 * Turns off V8's allocation-site pretenuring: V8 watches where objects are made and, once most of
 * one site's objects outlive a young-generation collection, makes that site's objects in the old
 * generation directly. A server that catches up with a stored history keeps its early scores for
 * long, so the scoring's sites were switched that way, and every real-time pass's short-lived
 * scores then filled the old generation: a full collection every 2–3 s under issue 16's goal load
 * (65–81 in three minutes, V8's own trace). Without it, 21 in the same three minutes, and p99
 * 136 ms where the runs around it gave 281–296 ms (session 16). Short-lived objects that survive a
 * scavenge or two are promoted as before. Set at run time, like the heap growth above.
 */
export function stopPretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
