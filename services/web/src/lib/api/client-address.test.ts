import { describe, expect, it, vi } from 'vitest';
import { CLIENT_ADDRESS_HEADER } from '@monitrax/contract/headers';
import { CLIENT_ADDRESS_STAMP_HEADER, clientAddressFromForwardedFor, clientAddressOf, reportForwardedChain, settleClientAddress } from './client-address';

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

describe("behind Render: Cloudflare, then Render's proxy (TRUST_PROXY=2)", () => {
  // "<client>, <Cloudflare edge>" arrives from Render's proxy (a private peer); what a client wrote is further left.
  const edge = '104.22.17.40';
  const peer = '10.21.157.68';
  it.each([
    ['one entry (fewer than the hops: the furthest)', '203.0.113.5', '203.0.113.5'],
    ['two entries: the client and the edge', `203.0.113.5, ${edge}`, '203.0.113.5'],
    ['three entries: a forged one first', `192.0.2.66, 203.0.113.5, ${edge}`, '203.0.113.5'],
  ])('%s', (_name, chain, client) => {
    expect(clientAddressOf(chain, peer, 2)).toBe(client); // next start's hook, with the socket
    expect(clientAddressFromForwardedFor(chain, 2)).toBe(client); // the proxy, from the header alone
  });
  it('never takes the edge address that many visitors share', () => {
    expect(clientAddressOf(`203.0.113.5, ${edge}`, peer, 2)).not.toBe(edge);
  });
});

describe('reportForwardedChain', () => {
  it('says each chain length once, never an address, and warns when there are fewer entries than hops', () => {
    const log = { info: vi.fn(), warn: vi.fn() };
    for (const chain of ['203.0.113.5, 104.22.17.40', '198.51.100.1, 104.22.17.40', '192.0.2.1, 203.0.113.5, 104.22.17.40', '203.0.113.9', null]) {
      reportForwardedChain(chain, 2, log);
    }
    const said = [...log.info.mock.calls, ...log.warn.mock.calls].map(([line]) => String(line));
    expect(log.info.mock.calls.map(([line]) => line)).toEqual([
      'monitrax-web: X-Forwarded-For arrives with 2 entries; TRUST_PROXY=2',
      'monitrax-web: X-Forwarded-For arrives with 3 entries; TRUST_PROXY=2',
    ]);
    expect(log.warn.mock.calls.map(([line]) => line)).toEqual([expect.stringMatching(/arrived with 1 entries, fewer than TRUST_PROXY=2/)]);
    for (const address of ['203.0.113', '104.22', '192.0.2', '198.51']) expect(said.join('\n')).not.toContain(address);
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
