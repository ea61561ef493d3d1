/** A YAML file with line numbers and light token colouring (comments, keys, strings, numbers). */
import type { ComponentChildren } from 'preact';

const TOKEN =
  /(#.*$)|("(?:[^"\\]|\\.)*"|'[^']*')|((?<![\w-])-?\d+(?:\.\d+)?[a-z]*\b)|([A-Za-z_$][\w.$-]*)(?=\s*:(?:\s|$))/g;

function colour(line: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const match of line.matchAll(TOKEN)) {
    const at = match.index ?? 0;
    if (at > last) out.push(line.slice(last, at));
    const [text, comment, string, number] = match;
    const kind = comment !== undefined ? 'c' : string !== undefined ? 's' : number !== undefined ? 'n' : 'k';
    out.push(
      <span key={at} class={`y-${kind}`}>
        {text}
      </span>,
    );
    last = at + text.length;
  }
  if (last < line.length) out.push(line.slice(last));
  return out;
}

export function YamlView({ source, problemLines }: { source: string; problemLines: ReadonlySet<number> }) {
  const lines = source.replace(/\n$/, '').split('\n');
  return (
    <section aria-label="Definition source (YAML)">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard. */}
      <pre class="yaml" tabIndex={0}>
        <code>
          {lines.map((line, i) => (
            <span key={i} class={`y-line${problemLines.has(i + 1) ? ' y-problem' : ''}`}>
              <span class="y-no" aria-hidden="true">
                {i + 1}
              </span>
              {colour(line)}
              {'\n'}
            </span>
          ))}
        </code>
      </pre>
    </section>
  );
}
