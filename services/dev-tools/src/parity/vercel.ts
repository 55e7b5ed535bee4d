// The web on Vercel, held to the same facts as compose.yaml and render.yaml:
// - services/web/vercel.env.example declares the web's environment on Vercel once (dashboard -> Environment
//   Variables takes it as pasted). Every variable the web refuses to start without in production must be there, every
//   name there must be one the web reads (env-contract.ts, from the web's zod schema), secrets carry no value, and
//   TRUST_PROXY is 1: Vercel's edge is the one proxy in front of the function, and it writes X-Forwarded-For.
// - services/web/vercel.json runs the functions in the region of the API in render.yaml (each request from a page to
//   the API crosses that distance, several times per page).
// - .vercel/ (a local build's output and project settings) never enters a Docker build context.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { dockerignoreExcludes } from './build-context.ts';
import { ENV_CONTRACTS, SECRET_NAMES } from './env-contract.ts';
import type { Project } from './project.ts';
import { TOPOLOGY } from './topology.ts';

export const VERCEL_ENV_FILE = 'services/web/vercel.env.example';
export const VERCEL_JSON_FILE = 'services/web/vercel.json';

/** Render's region names and the Vercel region in the same city (vercel.com/docs/regions). */
export const VERCEL_REGION_OF_RENDER: Readonly<Record<string, string>> = {
  singapore: 'sin1',
  oregon: 'pdx1',
  ohio: 'cle1',
  virginia: 'iad1',
  frankfurt: 'fra1',
};

export interface VercelFiles {
  /** vercel.json's text. */
  vercelJson: string;
  /** vercel.env.example's text. */
  vercelEnv: string;
}

export function loadVercelFiles(root = REPO_ROOT): VercelFiles {
  return {
    vercelJson: readFileSync(path.join(root, VERCEL_JSON_FILE), 'utf8'),
    vercelEnv: readFileSync(path.join(root, VERCEL_ENV_FILE), 'utf8'),
  };
}

/** NAME=value lines, in order; comments and blank lines skipped; a line that is neither is a problem. */
export function parseEnvDeclaration(text: string): { entries: Array<{ name: string; value: string; line: number }>; problems: string[] } {
  const entries: Array<{ name: string; value: string; line: number }> = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) problems.push(`${VERCEL_ENV_FILE}:${index + 1}: not a NAME=value line`);
    else entries.push({ name: match[1]!, value: match[2]!.replace(/^(["'])(.*)\1$/, '$2'), line: index + 1 });
  });
  return { entries, problems };
}

function envProblems(text: string): string[] {
  const { entries, problems } = parseEnvDeclaration(text);
  const contract = ENV_CONTRACTS.web;
  const names = new Map(entries.map((entry) => [entry.name, entry]));
  for (const name of contract.required)
    if (!names.has(name)) problems.push(`${VERCEL_ENV_FILE}: ${name} is required by the web (it refuses to start without it) but is not declared for Vercel`);
  for (const entry of entries) {
    const where = `${VERCEL_ENV_FILE}:${entry.line}`;
    if (!contract.known.has(entry.name)) problems.push(`${where}: ${entry.name} is not read by the web (known: ${[...contract.known].sort().join(', ')})`);
    if (SECRET_NAMES.has(entry.name) && entry.value !== '')
      problems.push(`${where}: ${entry.name} is a secret: declare it empty, its value lives in Vercel's settings only`);
  }
  const hops = names.get('TRUST_PROXY');
  if (hops?.value !== '1')
    problems.push(
      `${VERCEL_ENV_FILE}: TRUST_PROXY must be 1 (Vercel's edge is the one proxy in front of the web), found ${hops ? `"${hops.value}"` : 'nothing'}`,
    );
  return problems;
}

function vercelJsonProblems(text: string, render: unknown): string[] {
  let config: { regions?: unknown; framework?: unknown };
  try {
    config = JSON.parse(text) as typeof config;
  } catch (error) {
    return [`${VERCEL_JSON_FILE}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`];
  }
  const problems: string[] = [];
  if (config.framework !== 'nextjs') problems.push(`${VERCEL_JSON_FILE}: framework must be "nextjs" (found ${JSON.stringify(config.framework)})`);
  const services = (render as { services?: Array<{ name?: string; region?: string }> } | undefined)?.services ?? [];
  const apiRegion = services.find((service) => service.name === TOPOLOGY.api.render.service)?.region;
  const expected = apiRegion ? VERCEL_REGION_OF_RENDER[apiRegion] : undefined;
  if (!expected)
    problems.push(`render.yaml: ${TOPOLOGY.api.render.service}.region ${apiRegion ?? '(not set)'} has no Vercel region listed in parity/vercel.ts`);
  else if (JSON.stringify(config.regions) !== JSON.stringify([expected]))
    problems.push(
      `${VERCEL_JSON_FILE}: regions must be ["${expected}"], next to the API (render.yaml: ${apiRegion}); found ${JSON.stringify(config.regions) ?? 'nothing'} (Vercel defaults to iad1)`,
    );
  return problems;
}

export function checkVercel(files: VercelFiles, project: Pick<Project, 'render' | 'dockerignore'>): { name: string; problems: string[] } {
  const problems = [...envProblems(files.vercelEnv), ...vercelJsonProblems(files.vercelJson, project.render)];
  if (!dockerignoreExcludes(project as Project, '.vercel/output/config.json'))
    problems.push('.dockerignore: must exclude .vercel/ (a local Vercel build: functions with their own node_modules)');
  return { name: `the web on Vercel: ${VERCEL_ENV_FILE} vs the web's config schema, ${VERCEL_JSON_FILE}'s region vs the API's`, problems };
}
