/**
 * Destinations reach the internet, not the machine Kindling runs on nor its private network: a
 * definition (which an admin key can upload) must not turn alerts into requests to loopback
 * services, the cloud metadata endpoint (169.254.169.254) or an internal host. The guard applies
 * twice: to the configured URL (a literal address, `localhost`), and to every address a name
 * resolves to when a request connects (`guardedLookup`), so a name that later resolves to a
 * private address (DNS rebinding) is refused too. `allow_private_network: true` on a destination
 * switches it off, for receivers that really are on the private network (and for tests).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

type Range = readonly [address: string, prefix: number, family: 'ipv4' | 'ipv6'];

/** What each kind of address is called in messages, and its ranges (RFC 6890 special-purpose). */
const RANGES: readonly (readonly [kind: string, ranges: readonly Range[]])[] = [
  [
    'loopback',
    [
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ],
  ],
  [
    'link-local (where cloud metadata services live)',
    [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ],
  ],
  [
    'private',
    [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'],
      ['fc00::', 7, 'ipv6'],
    ],
  ],
  [
    'unspecified or reserved',
    [
      ['0.0.0.0', 8, 'ipv4'],
      ['224.0.0.0', 3, 'ipv4'],
      ['::', 128, 'ipv6'],
      ['ff00::', 8, 'ipv6'],
    ],
  ],
];

const LISTS = RANGES.map(([kind, ranges]) => {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return { kind, list };
});

/** The kind of non-public address this is ("loopback", …), or null for a public one. */
export function privateAddressKind(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return null;
  // IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) match the IPv4 ranges: BlockList unwraps them.
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find(({ list }) => list.check(address, type))?.kind ?? null;
}

/** The kind of non-public host a URL's hostname names literally (an address, `localhost`), or null. */
export function privateHostKind(hostname: string): string | null {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const name = host.replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  return privateAddressKind(host);
}

/** Why a URL may not be used (without saying the URL, which may be a secret), or null. */
export function urlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  const kind = privateHostKind(parsed.hostname);
  return kind === null ? null : `points at a ${kind} address`;
}

export const PRIVATE_NETWORK_HINT =
  'Kindling refuses loopback, link-local and private addresses unless the destination sets `allow_private_network: true`.';

/** The error a guarded connection fails with; `isPrivateNetworkRefusal` recognises it. */
export class PrivateNetworkRefused extends Error {
  readonly code = 'EPRIVATENETWORK';
  constructor(kind: string, address: string) {
    super(`refused to connect: the host resolves to a ${kind} address (${address}). ${PRIVATE_NETWORK_HINT}`);
    this.name = 'PrivateNetworkRefused';
  }
}

/**
 * The guard's refusal message, also when a client library wrapped the error (as `cause`, or by
 * copying its code and message, as node-fetch does); null for any other error.
 */
export function privateNetworkRefusal(error: unknown): string | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (current instanceof PrivateNetworkRefused) return current.message;
    if ('code' in current && current.code === 'EPRIVATENETWORK') return current.message;
    current = current.cause;
  }
  return null;
}

/** Name resolution with every address (dns.lookup with `all: true`); injectable for tests. */
export type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export const systemResolve: Resolve = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/** The first non-public address among those a name resolved to, with its kind. */
function firstPrivate(addresses: readonly LookupAddress[]): PrivateNetworkRefused | null {
  for (const { address } of addresses) {
    const kind = privateAddressKind(address);
    if (kind !== null) return new PrivateNetworkRefused(kind, address);
  }
  return null;
}

/**
 * A `lookup` for sockets (http.request, Agents): resolves with `resolve`, and, unless private
 * networks are allowed, fails the connection when any address is not public. The socket connects
 * to the very addresses checked here, so there is no window between the check and the connection
 * for a rebinding name to change its answer.
 */
export function guardedLookup(resolve: Resolve, allowPrivateNetwork: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, []);
      const refused = allowPrivateNetwork ? null : firstPrivate(addresses);
      if (refused !== null) return callback(refused, []);
      const [first] = addresses;
      if (options.all === true) return callback(null, addresses);
      if (first === undefined) return callback(new Error(`${hostname} resolved to no address`), []);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * For clients whose sockets cannot be given a lookup (jsforce): resolves the name before the
 * request and refuses a private answer. A rebinding name could still change its answer between
 * this and the client's own lookup; the literal check at start-up covers fixed addresses.
 */
export function checkResolvesPublic(
  hostname: string,
  resolve: Resolve = systemResolve,
): Promise<PrivateNetworkRefused | null> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const literal = privateHostKind(host);
  if (literal !== null) return Promise.resolve(new PrivateNetworkRefused(literal, host));
  if (isIP(host) !== 0) return Promise.resolve(null);
  return new Promise((done) => {
    resolve(host, { all: true }, (error, addresses) => {
      // A name that does not resolve fails in the client itself, as a network error to retry.
      done(error === null ? firstPrivate(addresses) : null);
    });
  });
}
