// The S3 stand-in's server (standins/s3rver.Dockerfile; compose.s3-standin.yaml runs it in place of compose.yaml's
// SeaweedFS where no container image can be pulled): s3rver from the npm registry, shaped to what compose's `s3`
// service promises the stack. It is NOT SeaweedFS, and it says so when it starts.
//
//   node server.mjs --port 8333 --directory /data [--address 0.0.0.0]
// The address defaults to STANDIN_BIND_ADDRESS, else 0.0.0.0 (as SeaweedFS's -ip.bind): ../compose.host-network.yaml
// sets 127.0.0.1, since on the host network every address of the container is the host's.
//
// What it adds around s3rver (a fake S3 server in Node), so the stack sees what the real service gives it:
// - the credentials compose gives the real server (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, the variables SeaweedFS
//   reads); it refuses to start without them, as compose's entrypoint for SeaweedFS does. s3rver's own fixed key
//   (S3RVER) is revoked. A request signed with another access key id is refused (InvalidAccessKeyId); a request with
//   no signature at all is refused (AccessDenied), as SeaweedFS refuses anonymous requests once it has credentials.
//   s3rver does not verify Signature Version 4 itself, so a wrong secret with the right key id is NOT refused here.
// - CreateBucket on a bucket that exists answers BucketAlreadyOwnedByYou (409), as SeaweedFS and AWS answer the
//   bucket's owner (s3rver answers BucketAlreadyExists, which to a client means "someone else's").
// - GET /healthz answers 200 when it is listening, as SeaweedFS's S3 gateway does.
// Everything else is s3rver's own: PutObject, multipart uploads, GetObject, HeadObject, DeleteObject, ListObjectsV2;
// no AbortMultipartUpload, no checksums checked, no bucket policy (docs/machine-workarounds.md).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');
const { version } = require('s3rver/package.json');

const say = (line) => process.stdout.write(`s3-standin: ${line}\n`);
const { values } = parseArgs({
  options: {
    address: { type: 'string', default: process.env.STANDIN_BIND_ADDRESS || '0.0.0.0' },
    port: { type: 'string', default: '8333' },
    directory: { type: 'string', default: '/data' },
  },
});

const accessKeyId = process.env.AWS_ACCESS_KEY_ID ?? '';
const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY ?? '';
if (!accessKeyId || !secretAccessKey) {
  process.stderr.write('s3-standin: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY in .env (compose passes them as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)\n');
  process.exit(1);
}
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);

const s3rver = new S3rver({ directory: values.directory, silent: false, vhostBuckets: false, configureBuckets: [] });
const handle = s3rver.callback();

const xmlEscape = (text) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
function s3Error(response, status, code, message, extra = {}) {
  const fields = Object.entries({ Code: code, Message: message, ...extra, RequestId: randomUUID() })
    .map(([name, value]) => `<${name}>${xmlEscape(String(value))}</${name}>`)
    .join('');
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields}</Error>`);
}

/** The access key id a request is signed with (header or query, SigV4 or V2), undefined when it is not signed. */
function signingKeyId(authorization, query) {
  if (authorization) return /Credential=([^/,\s]+)/.exec(authorization)?.[1] ?? /^AWS ([^:]+):/.exec(authorization)?.[1] ?? '';
  if (query.has('X-Amz-Credential')) return (query.get('X-Amz-Credential') ?? '').split('/')[0];
  if (query.has('AWSAccessKeyId')) return query.get('AWSAccessKeyId') ?? '';
  return undefined;
}

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if ((request.method === 'GET' || request.method === 'HEAD') && url.pathname === '/healthz') {
      response.writeHead(200).end();
      return;
    }
    const keyId = signingKeyId(request.headers.authorization, url.searchParams);
    if (keyId === undefined) {
      s3Error(response, 403, 'AccessDenied', 'Access Denied (this server takes signed requests only)');
      return;
    }
    if (keyId !== accessKeyId) {
      s3Error(response, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: keyId });
      return;
    }
    // PUT /<bucket> with no subresource is CreateBucket (path-style requests; vhost buckets are off).
    const bucket = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
    if (request.method === 'PUT' && bucket && url.search === '' && (await s3rver.store.getBucket(decodeURIComponent(bucket)))) {
      request.resume(); // the CreateBucketConfiguration body, if any
      s3Error(response, 409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {
        BucketName: decodeURIComponent(bucket),
      });
      return;
    }
    handle(request, response);
  } catch (error) {
    s3Error(response, 500, 'InternalError', error instanceof Error ? error.message : String(error));
  }
});

server.listen(Number(values.port), values.address, () => {
  say(`S3 STAND-IN: s3rver ${version} (npm), not SeaweedFS, listening on ${values.address}:${values.port}, data in ${values.directory}`);
});
const stop = (signal) => {
  say(`${signal}: stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
