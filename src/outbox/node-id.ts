/** Who claims deliveries: one id per process, unless a caller gives its own. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** The host and pid say where a claim came from; the random part keeps a restarted pid apart. */
export const PROCESS_NODE_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
