import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address';

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
