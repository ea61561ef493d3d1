/**
 * A tiny in-process signal that a workspace's live or shadow version changed (after `activate`,
 * `rollback` or switching a shadow off through the API), so the real-time engine can re-read
 * `currentVersions()` instead of polling. Listeners that throw are isolated from each other.
 */
export interface VersionChange {
  readonly workspaceId: string;
  readonly role: 'live' | 'shadow';
  /** The version now in force for the role; null when a shadow was switched off. */
  readonly version: string | null;
}

export class VersionChanges {
  readonly #listeners = new Set<(change: VersionChange) => void>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: (change: VersionChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: VersionChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // One listener's failure must not keep the others from hearing about the change.
      }
    }
  }
}

/** The process-wide channel the versions API emits on and the engine subscribes to. */
export const versionChanges = new VersionChanges();
