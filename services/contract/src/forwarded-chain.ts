// What the API and the web say about the X-Forwarded-For chains they receive: its length, once per length a process
// sees, never an address. TRUST_PROXY must equal the proxies that append to the header in front of a service (two on
// Render: Cloudflare and Render's proxy; one on Vercel); after a deploy the log shows whether it does. Fewer entries
// than TRUST_PROXY is a warning: the client address is then the leftmost entry, which a client can write.

/** Lengths reported per process at most: a client that pads the header cannot flood the log. */
const MOST_LENGTHS_REPORTED = 8;

export function forwardedChainEntries(header: string | readonly string[] | null | undefined): number {
  if (header === undefined || header === null) return 0;
  return (typeof header === 'string' ? header : header.join(',')).split(',').filter((entry) => entry.trim() !== '').length;
}

export interface ChainNote {
  level: 'info' | 'warn';
  message: string;
}

/** What to log about a chain of `entries`, the first time this length is seen (`reported` remembers), else nothing. */
export function forwardedChainNote(entries: number, trustProxy: number, reported: Set<number>): ChainNote | undefined {
  if (entries === 0 || reported.has(entries) || reported.size >= MOST_LENGTHS_REPORTED) return undefined;
  reported.add(entries);
  return entries < trustProxy
    ? {
        level: 'warn',
        message: `X-Forwarded-For arrived with ${entries} entries, fewer than TRUST_PROXY=${trustProxy}: the client address is the leftmost entry, which a client can write; is TRUST_PROXY right for this host?`,
      }
    : { level: 'info', message: `X-Forwarded-For arrives with ${entries} entries; TRUST_PROXY=${trustProxy}` };
}
