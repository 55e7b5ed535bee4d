// Runs a Vercel Build Output folder on 127.0.0.1: the edge and router (edge.ts, hand-written) in front of the Node.js
// functions, which run under Vercel's own Lambda runtime and launcher (functions.ts). The functions get the variables
// services/web/vercel.env.example declares, with their values from this process's environment (as the project's
// settings give them on Vercel), plus the system variables Vercel's runtime sets.
//
//   node services/dev-tools/src/vercel/serve.ts [--output .vercel/output] [--port 3000]
// Prints "[vercel-serve] ready on http://127.0.0.1:<port>" once listening; SIGTERM or SIGINT stops the functions too.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '@monitrax/database/paths';
import { parseEnvDeclaration, VERCEL_ENV_FILE } from '../parity/vercel.ts';
import { createEdge, type OutputConfig } from './edge.ts';
import { findFunctions, functionRunner } from './functions.ts';
import { TOOL_DIR } from './tool.ts';

const say = (line: string) => process.stdout.write(`[vercel-serve] ${line}\n`);

/** The project's variables for the functions: each one vercel.env.example declares, valued from `env`. */
export function projectEnv(env: NodeJS.ProcessEnv, declaration = readFileSync(path.join(REPO_ROOT, VERCEL_ENV_FILE), 'utf8')): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { name, value } of parseEnvDeclaration(declaration).entries) {
    const given = env[name] ?? value;
    if (given !== '') values[name] = given;
  }
  // What Vercel's runtime sets beside the project's own (NODE_ENV included: production in a deployment).
  return { ...values, NODE_ENV: 'production', VERCEL: '1', VERCEL_ENV: 'production', VERCEL_REGION: 'sin1', NEXT_TELEMETRY_DISABLED: '1' };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { output: { type: 'string', default: path.join(REPO_ROOT, '.vercel/output') }, port: { type: 'string', default: '3000' } },
  });
  // Deployed as Vercel deploys a function: to a folder of its own (/var/task there), with no package.json of this
  // repository above it ("type": "module" would make Next's CommonJS chunks ES modules).
  const deployed = await mkdtemp(path.join(tmpdir(), 'monitrax-vercel-deployment-'));
  const outputDir = path.join(deployed, 'output');
  await cp(path.resolve(values.output), outputDir, { recursive: true, verbatimSymlinks: true });
  const config = JSON.parse(await readFile(path.join(outputDir, 'config.json'), 'utf8')) as OutputConfig;
  const functions = await findFunctions(outputDir);
  const runner = functionRunner({ toolsDir: TOOL_DIR, env: projectEnv(process.env) });
  const server = createEdge({ outputDir, config, functions, runner, log: process.env.VERCEL_SERVE_LOG === '1' ? say : undefined });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await runner.close();
    await rm(deployed, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  server.listen(Number(values.port), '127.0.0.1');
  await once(server, 'listening');
  say(`${functions.size} functions, static files and ${config.routes?.length ?? 0} routes from ${path.resolve(values.output)}, deployed to ${outputDir}`);
  say(`ready on http://127.0.0.1:${values.port}`);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(`[vercel-serve] ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
