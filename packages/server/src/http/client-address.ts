import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import ipaddr from 'ipaddr.js';

/**
 * Which hops in front of this server may be believed about who they forward for (`TRUST_PROXY`):
 * none, every one, the nearest N, or those whose address matches a listed address, CIDR range or
 * proxy-addr range name (`loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = boolean | number | readonly string[];

/** Decides whether the hop at `address`, `hop` steps from this server (0 = the socket's peer), is trusted. */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * The trust test behind every client address. fastify is given this function too, so `request.ip`
 * and a socket handshake's address can never disagree. A hop count is proxy-addr's classic meaning
 * (trust the nearest N hops); fastify itself no longer accepts a bare number, because it is only safe
 * when nothing reaches the server except through the proxies (README, TRUST_PROXY).
 *
 * @throws TypeError naming the first entry that is not an address, a CIDR range or a range name.
 */
export function trustFunction(trust: TrustProxy): TrustFunction {
  if (trust === false) return () => false;
  if (trust === true) return () => true;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile([...trust]);
}

/**
 * The client's address for an HTTP request or a socket.io handshake (`socket.request`): the
 * socket's peer, or, walking `X-Forwarded-For` from the right while hops are trusted, the last
 * untrusted one. Values further left were written by whoever the client is, and are ignored.
 *
 * @example
 * const address = clientAddressOf(trustFunction(['10.0.0.0/8']));
 * address(request.raw); // '203.0.113.7' for a request from 10.0.0.2 with X-Forwarded-For: 1.1.1.1, 203.0.113.7
 */
export function clientAddressOf(trust: TrustFunction): (request: IncomingMessage) => string {
  return (request) => proxyAddr(request, trust);
}

/**
 * The key every per-address limit counts under. One IPv6 host is usually handed a whole /64, so an
 * IPv6 address counts as its /64; an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a
 * dual-stack socket reports) counts as the IPv4 address it carries.
 *
 * @example
 * addressKey('2001:db8:1:2:aaaa::1'); // '2001:db8:1:2::/64'
 * addressKey('::ffff:203.0.113.7');   // '203.0.113.7'
 */
export function addressKey(address: string): string {
  // Asked for every chat message; parsing an address each time showed in the relay's profile.
  let key = addressKeys.get(address);
  if (key === undefined) {
    key = keyOf(address);
    if (addressKeys.size >= ADDRESS_KEYS_KEPT) addressKeys.clear();
    addressKeys.set(address, key);
  }
  return key;
}

const ADDRESS_KEYS_KEPT = 10_000;
const addressKeys = new Map<string, string>();

function keyOf(address: string): string {
  const bare = address.trim();
  if (!ipaddr.isValid(bare)) return bare.slice(0, 100);
  const parsed = ipaddr.process(bare);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = new ipaddr.IPv6([...(parsed as ipaddr.IPv6).parts.slice(0, 4), 0, 0, 0, 0]);
  return `${network.toRFC5952String()}/64`;
}
