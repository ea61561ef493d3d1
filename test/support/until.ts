/**
 * Waits for a condition, polling, with a generous deadline: tests wait for what they expect to
 * happen instead of sleeping for a guessed time (the machine may be slow and busy).
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
