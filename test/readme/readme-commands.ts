/**
 * The shell commands of README.md, in order, as the README walker runs them: every ```sh block,
 * continuation lines joined, comment lines (sample output) dropped and trailing comments cut.
 * Each command keeps the heading of the section it is in, for messages.
 */
export interface ReadmeCommand {
  readonly section: string;
  readonly line: number;
  readonly text: string;
}

export function readmeCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let section = '';
  let inBlock = false;
  let pending: { line: number; text: string } | null = null;
  markdown.split('\n').forEach((raw, index) => {
    if (!inBlock && raw.startsWith('#')) section = raw.replace(/^#+\s*/, '');
    if (raw.startsWith('```')) {
      inBlock = !inBlock && /^```(sh|bash|shell)\s*$/.test(raw);
      return;
    }
    if (!inBlock) return;
    const text = withoutComment(raw).trim();
    if (text === '') return;
    const joined =
      pending === null ? { line: index + 1, text } : { ...pending, text: `${pending.text} ${text}` };
    if (joined.text.endsWith('\\')) {
      pending = { line: joined.line, text: joined.text.slice(0, -1).trimEnd() };
      return;
    }
    pending = null;
    commands.push({ section, line: joined.line, text: joined.text });
  });
  return commands;
}

/** The line without a `# comment` that starts outside quotes after whitespace (or at the start). */
function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return line.slice(0, i);
    }
  }
  return line;
}
