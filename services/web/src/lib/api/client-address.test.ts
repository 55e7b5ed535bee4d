import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address';
import { ApiConfigError, resolveInternalApiSecret, resolveTrustedHops } from './config';

describe('clientAddressOf', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddressOf(undefined, '127.0.0.2', 0)).toBe('127.0.0.2');
    expect(clientAddressOf('198.51.100.7', '127.0.0.2', 0)).toBe('127.0.0.2');
    expect(clientAddressOf('198.51.100.7', '::ffff:127.0.0.3', 0)).toBe('127.0.0.3');
  });

  it('behind one proxy, is the entry that proxy appended, not what the client wrote before it', () => {
    // Render's edge appends the address it saw; the client forged the first entry.
    expect(clientAddressOf('10.9.8.7, 203.0.113.5', '10.0.0.1', 1)).toBe('203.0.113.5');
    expect(clientAddressOf(['10.9.8.7', '203.0.113.5'], '10.0.0.1', 1)).toBe('203.0.113.5');
    expect(clientAddressOf('2001:db8::1', '10.0.0.1', 1)).toBe('2001:db8::1');
  });

  it('takes the furthest entry when fewer hops appended than trusted, and refuses what is not an address', () => {
    expect(clientAddressOf(undefined, '10.0.0.1', 2)).toBe('10.0.0.1');
    expect(clientAddressOf('not-an-ip', '10.0.0.1', 1)).toBeUndefined();
    expect(clientAddressOf(undefined, undefined, 0)).toBeUndefined();
  });
});

describe('web settings for the API', () => {
  it('INTERNAL_API_SECRET: required in production, 32 characters or more', () => {
    expect(() => resolveInternalApiSecret({ NODE_ENV: 'production' })).toThrow(ApiConfigError);
    expect(() => resolveInternalApiSecret({ INTERNAL_API_SECRET: 'short', NODE_ENV: 'development' })).toThrow(/at least 32/);
    expect(resolveInternalApiSecret({ NODE_ENV: 'development' })).toBeUndefined();
    expect(resolveInternalApiSecret({ INTERNAL_API_SECRET: 's'.repeat(32), NODE_ENV: 'production' })).toBe('s'.repeat(32));
  });

  it('TRUST_PROXY: a hop count from 0 to 10', () => {
    expect(resolveTrustedHops({})).toBe(0);
    expect(resolveTrustedHops({ TRUST_PROXY: '1' })).toBe(1);
    expect(() => resolveTrustedHops({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => resolveTrustedHops({ TRUST_PROXY: '11' })).toThrow(/TRUST_PROXY/);
  });
});
