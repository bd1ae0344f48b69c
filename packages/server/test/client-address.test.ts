import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddressOf, trustFunction } from '../src/http/client-address.js';

/** What a request looks like to the derivation: the socket's peer and the headers it sent. */
function request(peer: string, xff?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
  } as unknown as IncomingMessage;
}

describe('addressKey: what per-address limits count', () => {
  it('counts an IPv6 address as its /64, however it is written', () => {
    const key = addressKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    for (const same of [
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0db8:0001:0002:0000:0000:0000:0002',
      '2001:DB8:1:2:a:b:c:d',
      '2001:db8:1:2::9%eth0',
    ])
      expect(addressKey(same), same).toBe(key);
    for (const other of ['2001:db8:1:3::1', '2001:db8:0:2::1', '2001:db9:1:2::1'])
      expect(addressKey(other), other).not.toBe(key);
    expect(addressKey('::1')).toBe('::/64');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address, and IPv4 as itself', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('203.0.113.8')).not.toBe(addressKey('203.0.113.7'));
  });

  it('keeps anything else as it is, bounded', () => {
    expect(addressKey('not-an-address')).toBe('not-an-address');
    expect(addressKey('x'.repeat(500))).toHaveLength(100);
  });
});

describe('clientAddressOf: the last untrusted hop', () => {
  const forgedChain = '6.6.6.6, 203.0.113.7, 10.0.0.2';

  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddressOf(trustFunction(false))(request('198.51.100.1', forgedChain))).toBe('198.51.100.1');
  });

  it('walks back the trusted addresses and ranges only', () => {
    const address = clientAddressOf(trustFunction(['127.0.0.1', '10.0.0.0/8']));
    expect(address(request('127.0.0.1', forgedChain))).toBe('203.0.113.7');
    // A client reaching the server directly is not a trusted proxy: its header means nothing.
    expect(address(request('198.51.100.1', forgedChain))).toBe('198.51.100.1');
    // A dual-stack socket reports IPv4 peers mapped into IPv6; they still match IPv4 ranges.
    expect(address(request('::ffff:127.0.0.1', forgedChain))).toBe('203.0.113.7');
    expect(clientAddressOf(trustFunction(['loopback']))(request('::1', '6.6.6.6, 2001:db8::5'))).toBe(
      '2001:db8::5',
    );
  });

  it('trusts the nearest N hops for a hop count', () => {
    expect(clientAddressOf(trustFunction(1))(request('127.0.0.1', forgedChain))).toBe('10.0.0.2');
    expect(clientAddressOf(trustFunction(2))(request('127.0.0.1', forgedChain))).toBe('203.0.113.7');
  });

  it('takes the leftmost value, which the client chooses, when every hop is trusted', () => {
    expect(clientAddressOf(trustFunction(true))(request('127.0.0.1', forgedChain))).toBe('6.6.6.6');
  });

  it('refuses a list entry that is not an address, range or range name', () => {
    expect(() => trustFunction(['10.0.0.1', 'proxy.internal'])).toThrow(/proxy\.internal/);
  });
});
