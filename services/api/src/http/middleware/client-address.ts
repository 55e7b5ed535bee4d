// Who the client is, for the login and registration limits. People reach the API through the web server, so
// the socket and X-Forwarded-For name the web server, and one visitor's failures would lock every visitor out.
// The web therefore names its own client in X-Monitrax-Client-Address, and the API believes that header only
// next to X-Monitrax-Internal-Secret carrying INTERNAL_API_SECRET (shared by the two services and nobody
// else). Without the secret, or with a wrong one, the header is ignored: the client is req.ip, which Express
// derives from the socket and TRUST_PROXY's hop count, so an X-Forwarded-For a client writes itself is not
// believed beyond the hops that really exist.
import { isIP } from 'node:net';
import type { RequestHandler } from 'express';
import { CLIENT_ADDRESS_HEADER } from '@monitrax/contract/headers';
import type { InternalSecretTest } from '../internal-secret.ts';

export function clientAddress(carriesSecret: InternalSecretTest): RequestHandler {
  return (req, _res, next) => {
    const claimed = req.get(CLIENT_ADDRESS_HEADER)?.trim();
    const trusted = carriesSecret(req);
    req.clientAddress = trusted && claimed && isIP(claimed) ? claimed : (req.ip ?? 'unknown');
    next();
  };
}
