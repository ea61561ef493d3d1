/** Every CLI command, in the order `kindling --help` lists them. Each file exports `register`. */
import type { Command } from 'commander';
import { register as serve } from './serve.ts';

type Register = (program: Command) => void;

const commands: readonly Register[] = [serve];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
