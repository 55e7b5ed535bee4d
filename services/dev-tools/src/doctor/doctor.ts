// `make doctor`: the troubleshooting of docs/operations.md as a command. Checks Node, Docker and
// Compose, .env against the API's config schema, the ports, the database, schema drift, pg_dump and
// the running services' health; prints one line per check with how to fix anything not ok.
//
//   node services/dev-tools/src/doctor/doctor.ts [--json]
//
// Exit code: 1 when any check fails, else 0 (warnings do not fail). Reads .env from the working
// directory (as dotenv, Prisma's config and Compose do) without changing the process environment.
import { exitCodeFor, formatJson, formatText } from './report.ts';
import { runDoctor } from './run-checks.ts';
import { createWorld } from './world.ts';

const USAGE = `usage: node services/dev-tools/src/doctor/doctor.ts [--json]

Checks this machine for running Monitrax (make dev / make up) and says how to fix what is not ok.
  --json    print the results as JSON
Exit code 1 when a check fails; warnings do not fail.
`;

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((arg) => !['--json', '--help', '-h'].includes(arg));
  if (argv.includes('--help') || argv.includes('-h') || unknown.length > 0) {
    const stream = unknown.length > 0 ? process.stderr : process.stdout;
    stream.write(`${unknown.length > 0 ? `doctor: unknown argument ${unknown.join(' ')}\n` : ''}${USAGE}`);
    return unknown.length > 0 ? 2 : 0;
  }
  const results = await runDoctor(createWorld());
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const output = argv.includes('--json') ? formatJson(results) : formatText(results, { color });
  await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
  return exitCodeFor(results);
}

if (import.meta.main) {
  // Exit explicitly once the output is written: a probe that ran out of time (a hung engine, a
  // schema plan still running) must not keep the command waiting.
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`doctor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
