/** Definition versions: save, activate (live or shadow), roll back, and hear about changes. */

export { type InvalidSource, saveSource } from './activate-source.ts';
export { type VersionChange, VersionChanges, versionChanges } from './version-changes.ts';
export {
  type Activation,
  activate,
  activationLog,
  type CurrentVersions,
  currentVersions,
  findVersion,
  getVersion,
  listVersions,
  ROLES,
  type Role,
  rollback,
  type StoredVersion,
  saveVersion,
  type VersionError,
  type VersionErrorCode,
} from './version-store.ts';
export { type ClientFailure, callVersionsApi } from './versions-client.ts';
