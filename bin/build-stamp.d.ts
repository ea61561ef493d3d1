// Types of build-stamp.js for the tests and benchmarks that import it.
export interface BuildStamp {
  readonly head: string | null;
  readonly builtAtMs: number;
}
export interface StaleBuild {
  /** The commit dist/ was built from; null for a dist/ without a stamp. */
  readonly built: string | null;
  readonly head: string;
}
export function gitHead(root: string): string | null;
export function writeBuildStamp(root: string, builtAtMs?: number): BuildStamp;
export function readBuildStamp(root: string): BuildStamp | null;
export function staleBuild(root: string): StaleBuild | null;
export function staleBuildMessage(stale: StaleBuild, fallback: string): string;
