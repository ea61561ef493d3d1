/**
 * Configuration from flags, then environment, then defaults, through one schema: a bad value fails
 * at start-up with every problem listed, naming the flag or variable it came from.
 */
import { z } from 'zod';
import { formatByteSize, MIB, parseByteSize } from '../lib/byte-size.ts';
import { LOG_LEVELS } from '../lib/logger.ts';
import { maskedUrl } from '../lib/masked-url.ts';

const boolText = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const postgresUrl = z.string().refine(
  (text) => {
    try {
      return ['postgres:', 'postgresql:'].includes(new URL(text).protocol);
    } catch {
      return false;
    }
  },
  { error: 'must be a postgres://user:password@host:5432/database URL' },
);

/** Below this DuckDB spills or fails on ordinary work; a smaller limit is a typo more often than a plan. */
export const MIN_MEMORY_LIMIT = 128 * MIB;

const memoryLimit = z.string().transform((text, ctx) => {
  const parsed = parseByteSize(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  if (parsed.value < MIN_MEMORY_LIMIT) {
    ctx.addIssue({
      code: 'custom',
      message: `must be at least ${formatByteSize(MIN_MEMORY_LIMIT)} (${formatByteSize(parsed.value)} given); the embedded database cannot score in less`,
    });
    return z.NEVER;
  }
  return parsed.value;
});

export const configSchema = z.object({
  dataDir: z.string().min(1).default('./.kindling'),
  /** A PostgreSQL database instead of the embedded one in `dataDir` (several nodes may share it). */
  databaseUrl: postgresUrl.optional(),
  port: z.coerce.number().int().min(0).max(65_535).default(7300),
  host: z.string().min(1).default('127.0.0.1'),
  writeKey: z.string().min(16, 'must be at least 16 characters').optional(),
  adminKey: z.string().min(16, 'must be at least 16 characters').optional(),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  domainAccounts: boolText.default(false),
  /** The PQL definition the server scores with; unset means `kindling.yml` when that file exists. */
  definition: z.string().min(1).optional(),
  /** The one workspace the server's definition file scores, routes and alerts for. */
  definitionWorkspace: z.string().min(1).max(200).default('default'),
  /** Serve the dashboard and admin API without sign-in; refused unless `host` is a loopback address. */
  open: boolText.default(false),
  /** Create (once) and run the labelled demo workspace `demo` beside the real ones. */
  demo: boolText.default(true),
  /** The dashboard's public address, for links to leads in alerts; default: the server's own URL. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** Bytes the embedded DuckDB may use; unset means the command's default (memory-limit.ts). */
  memoryLimit: memoryLimit.optional(),
});

export type Config = z.infer<typeof configSchema>;
type ConfigKey = keyof Config;

/** Where each setting may come from, for the error message and for `.env.example`. */
export const CONFIG_SOURCES: Readonly<Record<ConfigKey, { flag: string | null; env: string; help: string }>> =
  {
    dataDir: { flag: '--data-dir', env: 'KINDLING_DATA_DIR', help: 'Where the embedded database lives.' },
    databaseUrl: {
      flag: '--database-url',
      env: 'KINDLING_DATABASE_URL',
      help: 'postgres://user:password@host:5432/db: store in PostgreSQL (many nodes) instead of the data directory.',
    },
    port: { flag: '--port', env: 'KINDLING_PORT', help: 'HTTP port (0 picks a free one).' },
    host: {
      flag: '--host',
      env: 'KINDLING_HOST',
      help: 'Interface to listen on; 0.0.0.0 to accept other machines.',
    },
    writeKey: { flag: null, env: 'KINDLING_WRITE_KEY', help: 'Fix the default workspace write key.' },
    adminKey: { flag: null, env: 'KINDLING_ADMIN_KEY', help: 'Fix the default workspace admin key.' },
    logLevel: { flag: '--log-level', env: 'KINDLING_LOG_LEVEL', help: 'debug, info, warn, error or silent.' },
    domainAccounts: {
      flag: null,
      env: 'KINDLING_DOMAIN_ACCOUNTS',
      help: 'Place users without an account in domain:<email domain> (free-mail excluded).',
    },
    definition: {
      flag: '--definition',
      env: 'KINDLING_DEFINITION',
      help: 'PQL definition file the server scores with (default: kindling.yml if present).',
    },
    definitionWorkspace: {
      flag: '--definition-workspace',
      env: 'KINDLING_DEFINITION_WORKSPACE',
      help: 'The workspace the definition file applies to (default: default); other workspaces use only their own activated versions.',
    },
    open: {
      flag: '--open',
      env: 'KINDLING_OPEN',
      help: 'Dashboard and admin API without sign-in; only on a loopback host (127.0.0.1, ::1).',
    },
    demo: {
      flag: '--no-demo',
      env: 'KINDLING_DEMO',
      help: 'Create and run the labelled demo workspace (default true; --no-demo or false turns it off).',
    },
    baseUrl: {
      flag: '--base-url',
      env: 'KINDLING_BASE_URL',
      help: "The dashboard's public URL, for lead links in alerts (default: the server's own URL).",
    },
    memoryLimit: {
      flag: '--memory-limit',
      env: 'KINDLING_MEMORY_LIMIT',
      help: 'Memory the embedded database may use, e.g. 768MB or 1GiB (default: serve 256 MiB, other commands a quarter of RAM within 256 MiB–1 GiB; at least 128 MiB).',
    },
  };

/** Settings whose value is a secret: a problem with one names its length, never the value. */
const SECRET_KEYS: ReadonlySet<ConfigKey> = new Set(['writeKey', 'adminKey']);

function shown(key: ConfigKey, value: unknown): string {
  if (key === 'databaseUrl') return JSON.stringify(maskedUrl(String(value)));
  if (!SECRET_KEYS.has(key)) return JSON.stringify(value);
  return `a value of ${String(value).length} characters, not shown`;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Flags win over the environment; unset values fall back to the schema defaults. */
export function loadConfig(
  flags: Partial<Record<ConfigKey, string | number | undefined>>,
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, source] of Object.entries(CONFIG_SOURCES)) {
    const value = flags[key as ConfigKey] ?? env[source.env];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as ConfigKey;
      const source = CONFIG_SOURCES[key];
      const names = [source.flag, source.env].filter((n) => n !== null).join(' / ');
      return `${names}: ${issue.message} (got ${shown(key, raw[key])})`;
    }),
  );
}
