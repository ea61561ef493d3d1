/**
 * A failure the person running Kindling can act on (a bad file, a busy directory, a wrong flag):
 * the CLI prints its message as is and exits with its code, without a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
