/**
 * The data directory: the DuckDB files, and `server.json` while a server holds it, so that other
 * commands can tell the user which server to go through instead of failing on a file lock.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const databaseFile = (dataDir: string): string => join(resolve(dataDir), 'kindling.duckdb');
/** The real-time path's tables: qualifications, leads, deliveries… (duckdb/realtime-database.ts). */
export const realtimeDatabaseFile = (dataDir: string): string =>
  join(resolve(dataDir), 'kindling-realtime.duckdb');
/** The real-time engine's saved state, beside the store (duckdb/state-database.ts). */
export const stateDatabaseFile = (dataDir: string): string => join(resolve(dataDir), 'kindling-state.duckdb');
const serverFile = (dataDir: string): string => join(resolve(dataDir), 'server.json');

const serverInfoSchema = z.object({ pid: z.number().int(), url: z.string(), startedAt: z.string() });
export type ServerInfo = z.infer<typeof serverInfoSchema>;

export function ensureDataDir(dataDir: string): void {
  mkdirSync(resolve(dataDir), { recursive: true });
}

export function writeServerInfo(dataDir: string, info: ServerInfo): void {
  writeFileSync(serverFile(dataDir), `${JSON.stringify(info, null, 2)}\n`);
}

export function clearServerInfo(dataDir: string): void {
  rmSync(serverFile(dataDir), { force: true });
}

/** The server that holds this data directory, if one is running (a stale file is ignored). */
export function runningServer(dataDir: string): ServerInfo | null {
  const file = serverFile(dataDir);
  if (!existsSync(file)) return null;
  const parsed = serverInfoSchema.safeParse(safeJson(readFileSync(file, 'utf8')));
  if (!parsed.success || !isAlive(parsed.data.pid)) return null;
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Thrown (a user-facing condition, caught by the CLI) when another process holds the database. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly server: ServerInfo | null,
  ) {
    super(
      server === null
        ? `The data directory ${resolve(dataDir)} is locked by another Kindling process. Stop it, or use another --data-dir.`
        : `The data directory ${resolve(dataDir)} is held by a running Kindling server (pid ${server.pid}, ${server.url}). ` +
            'Stop it, or go through its API.',
    );
    this.name = 'DataDirBusyError';
  }
}
