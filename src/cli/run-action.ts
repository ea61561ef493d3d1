/**
 * Wraps a command's action so that expected failures (bad configuration, a busy data directory, a
 * user error) print one clear message and set the exit code, while bugs still show their stack.
 */
import { ConfigError } from '../config/config.ts';
import { UserError } from '../lib/user-error.ts';
import { DataDirBusyError } from '../store/data-dir.ts';

export { UserError };

let failures = 0;

/** How many actions of this process ended in an expected failure (for main's clean-up). */
export function failedActions(): number {
  return failures;
}

export function runAction<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof ConfigError || error instanceof DataDirBusyError || error instanceof UserError) {
        failures++;
        process.stderr.write(`kindling: ${error.message}\n`);
        process.exitCode = error instanceof UserError ? error.exitCode : 2;
        return;
      }
      throw error;
    }
  };
}
