/** The `email` destination's configuration under `destinations:` (loaded without the sender's libraries). */
import { z } from 'zod';
import { commonFields, envName } from '../config-common.ts';

const address = z.string().min(3).max(320);

export const emailConfigSchema = z
  .object({
    kind: z.literal('email'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send unless the connection is upgraded with STARTTLS. */
    require_tls: z.boolean().default(false),
    /**
     * With `user_env`/`password_env`, TLS is required before authenticating (`secure`, or STARTTLS):
     * credentials never cross the network in clear unless this is true (a relay on the same host).
     */
    allow_insecure_auth: z.boolean().default(false),
    user_env: envName.optional(),
    password_env: envName.optional(),
    from: address,
    /** Always copied on alerts and digests. */
    to: z.array(address).default([]),
    /** Also send each alert to its owner's e-mail. */
    to_owner: z.boolean().default(true),
    ...commonFields,
  })
  .strict()
  .refine((config) => (config.user_env === undefined) === (config.password_env === undefined), {
    message: 'set both user_env and password_env, or neither',
    path: ['password_env'],
  });

export type EmailConfig = z.infer<typeof emailConfigSchema>;
