import { describe, expect, it } from 'vitest';
import { readmeCommands } from './readme-commands.ts';

describe('readmeCommands', () => {
  it('reads sh blocks in order, joining continuations and dropping comments and output', () => {
    const markdown = [
      '## Start',
      '```sh',
      'npm ci && npm start   # run it',
      '```',
      'text with `npx kindling nope`',
      '```yaml',
      'kindling: 1',
      '```',
      '## Send',
      '```sh',
      `curl -u "$WRITE_KEY:" http://x/v1/track \\`,
      `  -d '{"event":"A # not a comment"}'`,
      '# {"success":true}',
      '',
      'npx kindling score --limit 10',
      '```',
    ].join('\n');
    expect(readmeCommands(markdown)).toEqual([
      { section: 'Start', line: 3, text: 'npm ci && npm start' },
      {
        section: 'Send',
        line: 11,
        text: `curl -u "$WRITE_KEY:" http://x/v1/track -d '{"event":"A # not a comment"}'`,
      },
      { section: 'Send', line: 15, text: 'npx kindling score --limit 10' },
    ]);
  });
});
