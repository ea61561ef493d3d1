/** A readable unified diff between two definition texts, for review before a proposal is saved. */
import { createTwoFilesPatch } from 'diff';

export interface DiffOptions {
  readonly oldName?: string;
  readonly newName?: string;
  /** Lines of context around each change. Default 3. */
  readonly context?: number;
}

/** Empty string when the texts are equal. */
export function diffDefinitions(oldText: string, newText: string, options: DiffOptions = {}): string {
  if (oldText === newText) return '';
  return createTwoFilesPatch(
    options.oldName ?? 'current.yml',
    options.newName ?? 'proposed.yml',
    oldText,
    newText,
    undefined,
    undefined,
    { context: options.context ?? 3 },
  );
}
