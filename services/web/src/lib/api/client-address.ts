// Which address the browser behind a request has, told to the API with every call (client.ts) so that its
// login limits count each visitor on their own. Worked out when the request reaches the web server: the
// socket's peer, unless TRUST_PROXY proxies sit in front, in which case the entry the outermost of them appended
// to X-Forwarded-For (entries further left were written by the client and are not believed).
// Next.js hands pages and actions only the headers, and fills X-Forwarded-For from the socket only when the
// client sent none, so the address is computed from the socket in Node's `http.server.request.start`
// diagnostics channel (published before the server's request handler runs) and put in a header of our own,
// replacing whatever a client sent under that name.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { CLIENT_ADDRESS_HEADER } from '@monitrax/contract/headers';

const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** The client's address, given X-Forwarded-For as received, the socket's peer and the trusted hop count. */
export function clientAddressOf(forwardedFor: string | string[] | undefined, peer: string | undefined, trustedHops: number): string | undefined {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',').map(plain).filter(Boolean);
  const chain = peer ? [...forwarded, plain(peer)] : forwarded;
  const candidate = chain[Math.max(0, chain.length - 1 - trustedHops)];
  return candidate && isIP(candidate) ? candidate : undefined;
}

let stamping = false;

/** Sets CLIENT_ADDRESS_HEADER on every request this process serves; once per process. */
export function stampClientAddresses(trustedHops: number): void {
  if (stamping) return;
  stamping = true;
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const address = clientAddressOf(request.headers['x-forwarded-for'], socket.remoteAddress, trustedHops);
    if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete request.headers[CLIENT_ADDRESS_HEADER];
  });
}
