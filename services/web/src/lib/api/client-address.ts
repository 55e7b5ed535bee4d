// Which address the browser behind a request has, told to the API with every call (client.ts) so that its
// login limits count each visitor on their own. The socket's peer, unless TRUST_PROXY proxies sit in front, in
// which case the entry the outermost of them appended to X-Forwarded-For (entries further left were written by the
// client and are not believed).
//
// Two places work it out, because runtimes differ in what they show:
// - Where the web runs under Node's own http.Server (`next start`, the standalone image), the socket's peer is
//   known only in Node's `http.server.request.start` diagnostics channel (published before the server's request
//   handler runs; Next.js hands pages only the headers, and fills X-Forwarded-For from the socket only when the
//   client sent none). The hook there writes the address into CLIENT_ADDRESS_HEADER with this process's stamp.
// - On every runtime the proxy (src/proxy.ts) runs before pages and actions: it keeps the header only when it
//   carries this process's stamp, and otherwise works the address out from X-Forwarded-For alone (a runtime such
//   as Vercel's, whose edge writes that header, may never show an http.Server). So a client-sent header never
//   reaches the API, whichever runtime serves the request.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { forwardedChainEntries, forwardedChainNote } from '@monitrax/contract/forwarded-chain';
import { CLIENT_ADDRESS_HEADER } from '@monitrax/contract/headers';

/** Says that the hook of this very process wrote CLIENT_ADDRESS_HEADER; never forwarded past the proxy. */
export const CLIENT_ADDRESS_STAMP_HEADER = 'x-monitrax-client-address-stamp';

// On globalThis, not in a module variable: Next.js bundles the proxy and the instrumentation hook separately, and
// both must see the same value (one process, one realm).
const STAMP_KEY = Symbol.for('monitrax.clientAddressStamp');
type Stamped = typeof globalThis & { [STAMP_KEY]?: string };

const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** The client's address, given X-Forwarded-For as received, the socket's peer and the trusted hop count. */
export function clientAddressOf(forwardedFor: string | string[] | undefined, peer: string | undefined, trustedHops: number): string | undefined {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',').map(plain).filter(Boolean);
  const chain = peer ? [...forwarded, plain(peer)] : forwarded;
  const candidate = chain[Math.max(0, chain.length - 1 - trustedHops)];
  return candidate && isIP(candidate) ? candidate : undefined;
}

/** The client's address from X-Forwarded-For alone (no socket in sight): the entry the outermost trusted proxy
 * appended. With no trusted proxy, nothing in the headers can be believed. */
export function clientAddressFromForwardedFor(forwardedFor: string | null, trustedHops: number): string | undefined {
  return trustedHops > 0 ? clientAddressOf(forwardedFor ?? undefined, undefined, trustedHops - 1) : undefined;
}

const REPORTED_KEY = Symbol.for('monitrax.forwardedChainLengths');
type Reported = typeof globalThis & { [REPORTED_KEY]?: Set<number> };

/** Says once for each length this process sees how many entries X-Forwarded-For arrives with, never an address
 * (why: the contract's forwarded-chain.ts, which the API follows too). */
export function reportForwardedChain(forwardedFor: string | null, trustedHops: number, log: Pick<Console, 'info' | 'warn'> = console): void {
  const global = globalThis as Reported;
  global[REPORTED_KEY] ??= new Set();
  const note = forwardedChainNote(forwardedChainEntries(forwardedFor), trustedHops, global[REPORTED_KEY]);
  if (note) log[note.level](`monitrax-web: ${note.message}`);
}

/** What the proxy forwards as CLIENT_ADDRESS_HEADER: the hook's address when this process's hook wrote it, else
 * X-Forwarded-For's; never the client's own header. Removes the stamp either way. */
export function settleClientAddress(headers: Headers, trustedHops: number): void {
  reportForwardedChain(headers.get('x-forwarded-for'), trustedHops);
  const stamp = (globalThis as Stamped)[STAMP_KEY];
  const stampedHere = stamp !== undefined && headers.get(CLIENT_ADDRESS_STAMP_HEADER) === stamp;
  headers.delete(CLIENT_ADDRESS_STAMP_HEADER);
  if (stampedHere) return;
  const address = clientAddressFromForwardedFor(headers.get('x-forwarded-for'), trustedHops);
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
  else headers.delete(CLIENT_ADDRESS_HEADER);
}

/** Sets CLIENT_ADDRESS_HEADER on every request this process's http.Server serves; once per process. */
export function stampClientAddresses(trustedHops: number): void {
  const global = globalThis as Stamped;
  if (global[STAMP_KEY] !== undefined) return;
  const stamp = crypto.randomUUID();
  global[STAMP_KEY] = stamp;
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const address = clientAddressOf(request.headers['x-forwarded-for'], socket.remoteAddress, trustedHops);
    if (address) {
      request.headers[CLIENT_ADDRESS_HEADER] = address;
      request.headers[CLIENT_ADDRESS_STAMP_HEADER] = stamp;
    } else {
      delete request.headers[CLIENT_ADDRESS_HEADER];
      delete request.headers[CLIENT_ADDRESS_STAMP_HEADER];
    }
  });
}
