import { describe, expect, it } from 'vitest';
import {
  checkResolvesPublic,
  guardedLookup,
  privateAddressKind,
  privateHostKind,
  urlProblem,
} from './network-guard.ts';
import { resolvingTo } from './test-support/local-http-server.ts';

describe('the network guard', () => {
  it('names loopback, link-local, private and reserved addresses, IPv4-mapped ones too', () => {
    expect(privateAddressKind('127.0.0.1')).toBe('loopback');
    expect(privateAddressKind('127.9.9.9')).toBe('loopback');
    expect(privateAddressKind('::1')).toBe('loopback');
    expect(privateAddressKind('::ffff:127.0.0.1')).toBe('loopback');
    expect(privateAddressKind('169.254.169.254')).toContain('link-local');
    expect(privateAddressKind('fe80::1')).toContain('link-local');
    expect(privateAddressKind('10.1.2.3')).toBe('private');
    expect(privateAddressKind('172.16.0.1')).toBe('private');
    expect(privateAddressKind('192.168.1.1')).toBe('private');
    expect(privateAddressKind('fd00:ec2::254')).toBe('private');
    expect(privateAddressKind('0.0.0.0')).toBe('unspecified or reserved');
    expect(privateAddressKind('::')).toBe('unspecified or reserved');
  });

  it('lets public addresses and names through', () => {
    for (const address of ['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(privateAddressKind(address)).toBeNull();
    }
    expect(privateHostKind('hooks.slack.com')).toBeNull();
  });

  it('reads hosts as URLs write them: localhost, bracketed IPv6, a trailing dot', () => {
    expect(privateHostKind('localhost')).toBe('loopback');
    expect(privateHostKind('LOCALHOST.')).toBe('loopback');
    expect(privateHostKind('api.localhost')).toBe('loopback');
    expect(privateHostKind('[::1]')).toBe('loopback');
    expect(urlProblem('http://169.254.169.254/latest/meta-data/')).toContain('link-local');
    expect(urlProblem('http://[::ffff:7f00:1]:8080/x')).toBe('points at a loopback address');
    expect(urlProblem('https://hooks.slack.com/services/T/B/X')).toBeNull();
  });

  it('fails a connection whose name resolves to a private address, unless allowed', async () => {
    const lookup = (allow: boolean) =>
      new Promise<unknown>((resolve) =>
        guardedLookup(resolvingTo('169.254.169.254'), allow)(
          'metadata.example',
          { all: true },
          (error, found) => resolve(error ?? found),
        ),
      );
    expect(String(await lookup(false))).toContain('resolves to a link-local');
    expect(await lookup(true)).toEqual([{ address: '169.254.169.254', family: 4 }]);
    expect(String(await checkResolvesPublic('crm.example', resolvingTo('10.0.0.7')))).toContain('private');
    expect(await checkResolvesPublic('crm.example', resolvingTo('8.8.8.8'))).toBeNull();
  });
});
