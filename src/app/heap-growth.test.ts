import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('limitHeapGrowth, stopPretenuring', () => {
  it("are flags this Node's V8 knows, set at run time", () => {
    // V8 reports an unknown flag on stderr and goes on: a Node without this one would say so here.
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "const v8 = await import('node:v8'); const { limitHeapGrowth, stopPretenuring } = await import('./src/app/heap-growth.ts'); limitHeapGrowth(); stopPretenuring(); console.log('set');",
      ],
      { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname },
    );
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('set');
  });
});
