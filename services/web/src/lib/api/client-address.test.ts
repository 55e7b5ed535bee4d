import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER } from '@monitrax/contract/headers';
import { CLIENT_ADDRESS_STAMP_HEADER, clientAddressFromForwardedFor, clientAddressOf, settleClientAddress } from './client-address';

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

describe('clientAddressFromForwardedFor (no socket in sight, as on Vercel)', () => {
  it('is the entry the outermost trusted proxy appended', () => {
    // Vercel's edge writes X-Forwarded-For itself: one entry, the client's.
    expect(clientAddressFromForwardedFor('203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddressFromForwardedFor('10.9.8.7, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddressFromForwardedFor('10.9.8.7, 203.0.113.5, 10.0.0.1', 2)).toBe('203.0.113.5');
  });

  it('believes nothing when no proxy is trusted, or when there is no header', () => {
    expect(clientAddressFromForwardedFor('198.51.100.7', 0)).toBeUndefined();
    expect(clientAddressFromForwardedFor(null, 1)).toBeUndefined();
  });
});

describe('settleClientAddress (the proxy, on every runtime)', () => {
  it("replaces a client-sent address with X-Forwarded-For's when this process's hook did not stamp it", () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: '198.51.100.7', [CLIENT_ADDRESS_STAMP_HEADER]: 'guessed', 'x-forwarded-for': '203.0.113.5' });
    settleClientAddress(headers, 1);
    expect(headers.get(CLIENT_ADDRESS_HEADER)).toBe('203.0.113.5');
    expect(headers.has(CLIENT_ADDRESS_STAMP_HEADER)).toBe(false);
  });

  it('removes a client-sent address when nothing can be believed', () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: '198.51.100.7', 'x-forwarded-for': '198.51.100.7' });
    settleClientAddress(headers, 0);
    expect(headers.has(CLIENT_ADDRESS_HEADER)).toBe(false);
  });
});
