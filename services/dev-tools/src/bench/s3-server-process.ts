// documents-bench.ts's bucket: s3rver (@monitrax/test-support/s3-server, as the tests start it) in a process of its
// own, so that the bucket's work is not done on the event loop that times the transfers, nor counted in the API's
// memory. Prints one line, `s3rver {json}`, with where it listens and its credentials; on SIGTERM or SIGINT it closes
// (its folder, under TMPDIR, removed) and exits. The bench gives it a TMPDIR inside its own temporary folder, so that
// nothing is left behind even when this process is killed.
import { startS3Server } from '@monitrax/test-support/s3-server';

const server = await startS3Server(process.env.S3_BUCKET || undefined);
let closing = false;
const close = () => {
  if (closing) return;
  closing = true;
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`s3rver: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
const { close: _close, ...where } = server;
process.stdout.write(`s3rver ${JSON.stringify(where)}\n`);
