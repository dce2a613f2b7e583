import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  checkAddress,
  classifyAddress,
  createGuardedLookup,
  guardedLookup,
  isPublicAddress,
} from '../../src/ingest/address-guard.js';
import type { AddressClass, AddressPolicy } from '../../src/ingest/address-guard.js';

describe('classifyAddress', () => {
  const cases: Array<[string, AddressClass]> = [
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['172.15.255.255', 'public'], // just below 172.16/12
    ['172.32.0.1', 'public'], // just above 172.16/12
    ['100.63.255.255', 'public'], // just below CGNAT
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.255', 'carrier-grade-nat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4009:81f::200e', 'public'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'], // Teredo
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'], // 169.254.169.254
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::7f00:1', 'loopback'], // NAT64 of 127.0.0.1
    ['64:ff9b::808:808', 'public'], // NAT64 of 8.8.8.8
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
    ['::127.0.0.1', 'reserved'], // deprecated IPv4-compatible
    ['4000::1', 'reserved'], // outside 2000::/3
  ];
  it.each(cases)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each(['2130706433', '0x7f.1', '0177.0.0.1', '127.1', 'localhost', '', '1.2.3.4.5', '::ffff:999.0.0.1'])(
    'treats the non-standard spelling %j as invalid, never public',
    (spelling) => {
      expect(classifyAddress(spelling)).toBe('invalid');
      expect(isPublicAddress(spelling)).toBe(false);
    },
  );
});

describe('checkAddress', () => {
  const strict: AddressPolicy = { allowPrivateAddresses: false };

  it('refuses non-public addresses and names the class', () => {
    expect(checkAddress('10.0.0.1', strict)).toEqual({ allowed: false, addressClass: 'private' });
    expect(checkAddress('8.8.8.8', strict)).toEqual({ allowed: true });
  });

  it('lets everything through when private addresses are allowed', () => {
    expect(checkAddress('127.0.0.1', { allowPrivateAddresses: true })).toEqual({ allowed: true });
  });

  it('allows exactly the listed addresses, however they are spelled', () => {
    const policy: AddressPolicy = { allowPrivateAddresses: false, allowedAddresses: ['127.0.0.1', '0:0:0:0:0:0:0:1'] };
    expect(checkAddress('127.0.0.1', policy).allowed).toBe(true);
    expect(checkAddress('::1', policy).allowed).toBe(true);
    expect(checkAddress('127.0.0.2', policy).allowed).toBe(false);
    expect(checkAddress('10.0.0.1', policy).allowed).toBe(false);
  });
});

function lookupAll(lookup: typeof guardedLookup, hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses as LookupAddress[])));
  });
}

function lookupOne(lookup: typeof guardedLookup, hostname: string): Promise<{ address: string; family: number | undefined }> {
  return new Promise((resolve, reject) => {
    lookup(hostname, {}, (error, address, family) => (error ? reject(error) : resolve({ address: address as string, family })));
  });
}

describe('createGuardedLookup', () => {
  it('refuses localhost, because it resolves to a loopback address', async () => {
    const refusal = await lookupOne(guardedLookup, 'localhost').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BlockedAddressError);
    expect((refusal as BlockedAddressError).addressClass).toBe('loopback');
    expect((refusal as BlockedAddressError).message).toMatch(/^localhost resolves to loopback address /);
  });

  it('refuses a private address literal passed through DNS', async () => {
    await expect(lookupAll(guardedLookup, '10.1.2.3')).rejects.toThrow('10.1.2.3 resolves to private address 10.1.2.3');
  });

  it('passes public addresses through in both single and all modes', async () => {
    await expect(lookupOne(guardedLookup, '93.184.216.34')).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(lookupAll(guardedLookup, '93.184.216.34')).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('lets localhost through when private addresses are allowed', async () => {
    const permissive = createGuardedLookup({ allowPrivateAddresses: true });
    const addresses = await lookupAll(permissive, 'localhost');
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every(({ address }) => classifyAddress(address) === 'loopback')).toBe(true);
  });

  it('passes DNS failures on unchanged', async () => {
    const failure = await lookupOne(guardedLookup, 'no-such-host.invalid').catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(BlockedAddressError);
    expect((failure as NodeJS.ErrnoException).code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
