/** Every CLI command, in the order `kindling --help` lists them. Each file exports `register`. */
import type { Command } from 'commander';
import { register as activate } from './activate.ts';
import { register as backtest } from './backtest.ts';
import { register as calibrate } from './calibrate.ts';
import { register as deliveries } from './deliveries.ts';
import { register as demoData } from './demo-data.ts';
import { register as explain } from './explain.ts';
import { register as importData } from './import.ts';
import { register as init } from './init.ts';
import { register as keys } from './keys.ts';
import { register as report } from './report.ts';
import { register as rollback } from './rollback.ts';
import { register as score } from './score.ts';
import { register as serve } from './serve.ts';
import { register as sql } from './sql.ts';
import { register as suppress } from './suppress.ts';
import { register as validate } from './validate.ts';
import { register as versions } from './versions.ts';

type Register = (program: Command) => void;

const commands: readonly Register[] = [
  init,
  validate,
  serve,
  importData,
  score,
  explain,
  sql,
  calibrate,
  backtest,
  report,
  versions,
  activate,
  rollback,
  keys,
  deliveries,
  suppress,
  demoData,
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
