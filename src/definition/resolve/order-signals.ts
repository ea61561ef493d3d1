/**
 * Signals in dependency order (each after every signal it reads), so evaluators compute them in
 * one pass, and cycles reported. The order is a function of the definition's content alone:
 * signals are visited by name, so reordering keys in the YAML changes neither the IR nor its version.
 */
import type { CheckContext } from '../check/context.ts';
import type { Signal } from '../ir.ts';
import type { Draft, Reference } from '../sections/draft.ts';

type Mark = 'visiting' | 'done';

export function orderSignals(ctx: CheckContext, draft: Draft): Signal[] {
  const marks = new Map<string, Mark>();
  const stack: string[] = [];
  const ordered: Signal[] = [];
  const reportedCycles = new Set<string>();

  const visit = (name: string): void => {
    const entry = draft.signals.get(name);
    if (entry === undefined || marks.get(name) === 'done') return;
    marks.set(name, 'visiting');
    stack.push(name);
    for (const ref of entry.refs) {
      if (marks.get(ref.name) === 'visiting') reportCycle(ref);
      else visit(ref.name);
    }
    stack.pop();
    marks.set(name, 'done');
    if (entry.signal !== null) ordered.push(entry.signal);
  };

  const reportCycle = (ref: Reference): void => {
    const loop = [...stack.slice(stack.indexOf(ref.name)), ref.name];
    const key = [...new Set(loop)].sort().join(' ');
    if (reportedCycles.has(key)) return;
    reportedCycles.add(key);
    ctx.report('signal-cycle', ref.path, {
      message: `signals reference each other in a loop: ${loop.join(' → ')}`,
    });
  };

  for (const name of [...draft.signals.keys()].sort()) visit(name);
  return ordered;
}
