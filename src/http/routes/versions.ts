/**
 * The versions admin API, what `kindling versions / activate / rollback` use while a server holds
 * the data directory: `GET /api/versions`, `POST /api/versions/activate`, `POST /api/versions/rollback`.
 * Every change is announced on `versionChanges`, so the real-time engine re-reads the versions.
 */
import { z } from 'zod';
import { formatProblem } from '../../definition/problems/format-problem.ts';
import {
  activate,
  currentVersions,
  findVersion,
  listVersions,
  rollback,
  type StoredVersion,
  saveSource,
  type VersionError,
  versionChanges,
} from '../../versions/index.ts';
import type { AppContext } from '../app-context.ts';
import { errorReply, json, type Reply } from '../reply.ts';
import type { Route } from '../router.ts';
import { adminOnly, readJsonBody } from './admin.ts';

const activateSchema = z
  .object({
    /** A whole kindling.yml to save and activate… */
    source: z
      .string()
      .min(1)
      .max(512 * 1024)
      .optional(),
    /** …or a saved version (hash or prefix). */
    version: z.string().min(1).max(64).optional(),
    role: z.enum(['live', 'shadow']).default('live'),
    /** With role shadow and no source/version: switch the shadow off. */
    off: z.boolean().default(false),
    note: z.string().max(500).nullish(),
    file: z.string().max(500).default('kindling.yml'),
  })
  .refine(
    (body) => [body.source, body.version].filter((x) => x !== undefined).length + (body.off ? 1 : 0) === 1,
    {
      message: 'give exactly one of source, version, or off: true',
    },
  );

export function versionSummary(version: StoredVersion): Record<string, unknown> {
  return {
    version: version.version,
    name: version.name,
    entity: version.entityType,
    created_at: new Date(version.createdAt).toISOString(),
  };
}

const versionErrorReply = (error: VersionError): Reply =>
  errorReply(
    error.code === 'no-previous-version' ? 409 : error.code === 'live-needs-version' ? 400 : 404,
    error.code,
    error.message,
    error.hint,
  );

export function versionRoutes(app: AppContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/versions',
      handle: adminOnly(app, async (_ctx, key) => {
        const db = app.store.database.client;
        const current = await currentVersions(db, key.workspaceId);
        const versions = (await listVersions(db, key.workspaceId)).map((v) => ({
          ...versionSummary(v),
          live: current.live?.version === v.version,
          shadow: current.shadow?.version === v.version,
        }));
        return json(200, {
          live: current.live?.version ?? null,
          shadow: current.shadow?.version ?? null,
          versions,
        });
      }),
    },
    {
      method: 'POST',
      path: '/api/versions/activate',
      handle: adminOnly(app, async ({ req }, key) => {
        const db = app.store.database.client;
        const body = await readJsonBody(req);
        if (!body.ok) return body.reply;
        const parsed = activateSchema.safeParse(body.value);
        if (!parsed.success) {
          return errorReply(
            400,
            'invalid-body',
            parsed.error.issues[0]?.message ?? 'invalid body',
            'Send {"source": "<kindling.yml text>"} or {"version": "<hash>"}, with "role": "live"|"shadow"; or {"role": "shadow", "off": true}.',
          );
        }
        const input = parsed.data;
        let version: string | null = null;
        let problems: readonly string[] = [];
        if (input.source !== undefined) {
          const saved = await saveSource(db, input.source, input.file, app.now());
          if (!saved.ok) {
            return json(422, {
              success: false,
              error: {
                code: saved.error.code,
                message: `${input.file} is not a valid definition.`,
                hint: `Run \`kindling validate ${input.file}\`.`,
              },
              problems: saved.error.problems.map((p) => formatProblem(input.file, p)),
            });
          }
          version = saved.value.stored.version;
          problems = saved.value.problems.map((p) => formatProblem(input.file, p));
        } else if (input.version !== undefined) {
          const found = await findVersion(db, key.workspaceId, input.version);
          if (!found.ok) return versionErrorReply(found.error);
          version = found.value.version;
        }
        const before = await currentVersions(db, key.workspaceId);
        const activated = await activate(
          db,
          key.workspaceId,
          input.role,
          version,
          input.note ?? null,
          app.now(),
        );
        if (!activated.ok) return versionErrorReply(activated.error);
        versionChanges.emit({ workspaceId: key.workspaceId, role: input.role, version });
        if (before.shadow !== null && activated.value.shadow === null && input.role === 'live') {
          // Activating the shadow as live promoted it: the shadow has ended.
          versionChanges.emit({ workspaceId: key.workspaceId, role: 'shadow', version: null });
        }
        return json(200, {
          role: input.role,
          version,
          live: activated.value.live?.version ?? null,
          shadow: activated.value.shadow?.version ?? null,
          warnings: problems,
        });
      }),
    },
    {
      method: 'POST',
      path: '/api/versions/rollback',
      handle: adminOnly(app, async ({ req }, key) => {
        req.resume();
        const db = app.store.database.client;
        const rolled = await rollback(db, key.workspaceId, app.now());
        if (!rolled.ok) return versionErrorReply(rolled.error);
        versionChanges.emit({ workspaceId: key.workspaceId, role: 'live', version: rolled.value.to.version });
        return json(200, {
          from: rolled.value.from,
          to: rolled.value.to.version,
          live: versionSummary(rolled.value.to),
        });
      }),
    },
  ];
}
