/** What an import reports as it goes and at the end. Bad lines never abort the good ones. */
export interface BadLine {
  readonly line: number;
  readonly code: string;
  readonly detail: string;
}

export interface ImportSummary {
  readonly read: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly seconds: number;
  /**
   * Event imports: lines without a `messageId` that were given one from their content, so a rerun
   * of the same file stores them once (src/import/line-message-id.ts).
   */
  readonly contentIds?: number;
}

export interface ImportListener {
  progress(bytesRead: number, totalBytes: number, rowsRead: number): void;
  bad(line: BadLine): void;
}

export const silentListener: ImportListener = { progress: () => undefined, bad: () => undefined };
