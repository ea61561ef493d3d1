import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, registerCommands } from './index.ts';

describe('the lazy command table', () => {
  it.each(COMMANDS.map((entry) => [entry.name, entry] as const))(
    '%s: the summary is the description its module registers',
    async (name, entry) => {
      const program = new Command('kindling');
      (await entry.load()).register(program);
      const registered = program.commands.map((command) => [command.name(), command.description()]);
      expect(registered).toEqual([[name, entry.summary]]);
    },
  );

  it('loads only the named command; the others are name and summary', async () => {
    const program = new Command('kindling');
    await registerCommands(program, ['score', '--as-of', 'now']);
    const withOptions = program.commands.filter((command) => command.options.length > 0);
    expect(withOptions.map((command) => command.name())).toEqual(['score']);
    expect(program.commands.map((command) => command.name())).toEqual(COMMANDS.map((entry) => entry.name));
  });

  it('`help X` loads X', async () => {
    const program = new Command('kindling');
    await registerCommands(program, ['help', 'init']);
    expect(program.commands.filter((command) => command.options.length > 0).map((c) => c.name())).toEqual([
      'init',
    ]);
  });
});
