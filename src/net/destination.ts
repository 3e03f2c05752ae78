/**
 * Where the service may send a request on someone else's say-so (a law firm's webhook URL): never
 * to cloud metadata, link-local, multicast or unspecified addresses, and to loopback and private
 * ranges only where the operator allows it (on-premises firms, the embedded demo, tests). A host
 * name is resolved and every address it resolves to is judged; the request then connects to the
 * address that was judged (not to a second resolution, which DNS rebinding could point elsewhere),
 * follows no redirects, and reads no more of the answer than its status.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

export interface DestinationPolicy {
  /** Loopback, RFC 1918, CGNAT and unique-local addresses are allowed (never metadata or link-local). */
  allowPrivate: boolean;
}

export interface ResolvedDestination {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** A destination the policy refuses, or that cannot be resolved: the message says which and why. */
export class RefusedDestination extends Error {
  override name = 'RefusedDestination';
}

function blockList(entries: Array<[string, number, 'ipv4' | 'ipv6']>, addresses: Array<[string, 'ipv4' | 'ipv6']> = []): BlockList {
  const list = new BlockList();
  for (const [net, prefix, type] of entries) list.addSubnet(net, prefix, type);
  for (const [address, type] of addresses) list.addAddress(address, type);
  return list;
}

/** Never: unspecified, link-local (cloud metadata lives there), metadata services, multicast, reserved, documentation. */
const NEVER = blockList(
  [
    ['0.0.0.0', 8, 'ipv4'],
    ['169.254.0.0', 16, 'ipv4'],
    ['192.0.0.0', 24, 'ipv4'],
    ['192.0.2.0', 24, 'ipv4'],
    ['198.51.100.0', 24, 'ipv4'],
    ['203.0.113.0', 24, 'ipv4'],
    ['224.0.0.0', 4, 'ipv4'],
    ['240.0.0.0', 4, 'ipv4'],
    ['::', 128, 'ipv6'],
    ['fe80::', 10, 'ipv6'],
    ['ff00::', 8, 'ipv6'],
    ['2001:db8::', 32, 'ipv6'],
    ['64:ff9b::', 96, 'ipv6'],
  ],
  [
    ['100.100.100.200', 'ipv4'], // Alibaba Cloud metadata
    ['fd00:ec2::254', 'ipv6'], // AWS metadata over IPv6
  ],
);

/** Only with allowPrivate: loopback, RFC 1918, CGNAT, benchmarking, unique-local. */
const PRIVATE = blockList([
  ['127.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
]);

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:a.b.c.d or ::ffff:hhhh:hhhh), else the address as it is. */
function unmapped(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const lower = address.toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return { address: dotted[1]!, type: 'ipv4' };
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
    return { address: [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), type: 'ipv4' };
  }
  return { address, type: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

/** Why the policy refuses to connect to this IP address, or undefined. */
export function addressProblem(ip: string, policy: DestinationPolicy): string | undefined {
  const { address, type } = unmapped(ip);
  if (NEVER.check(address, type)) return `${ip} is a link-local, metadata, multicast or reserved address`;
  if (!policy.allowPrivate && PRIVATE.check(address, type)) return `${ip} is a loopback or private address (FIRM_WEBHOOK_ALLOW_PRIVATE=true allows it)`;
  return undefined;
}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves the URL's host and judges every address it has; throws RefusedDestination if any is
 * refused (a name that also points inward is refused as a whole) or the name does not resolve.
 */
export async function resolveDestination(url: URL, policy: DestinationPolicy): Promise<ResolvedDestination> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RefusedDestination(`${url.protocol} is not http(s)`);
  if (url.username !== '' || url.password !== '') throw new RefusedDestination('the URL must not carry credentials');
  const host = hostOf(url);
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new RefusedDestination(`${host} does not resolve (${(error as { code?: string }).code ?? 'error'})`);
    }
  }
  for (const { address } of addresses) {
    const problem = addressProblem(address, policy);
    if (problem !== undefined) throw new RefusedDestination(`${host}: ${problem}`);
  }
  const first = addresses[0];
  if (first === undefined) throw new RefusedDestination(`${host} has no address`);
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * POSTs the body to a resolved destination, connecting to the judged address (TLS still checks
 * the certificate against the URL's host name). Redirects are not followed. Returns the status.
 */
export function postTo(destination: ResolvedDestination, options: { headers: Record<string, string>; body: string; timeoutMs: number }): Promise<number> {
  const { url, address, family } = destination;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        timeout: options.timeoutMs,
        // The address judged above, whatever the name resolves to now.
        lookup: (_hostname, opts, callback) => {
          if ((opts as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
          else (callback as (e: null, a: string, f: number) => void)(null, address, family);
        },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
