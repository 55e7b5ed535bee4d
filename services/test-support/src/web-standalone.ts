// The web app's production build as Next.js leaves it (`output: 'standalone'`): where its server is, and the one
// step `next build` leaves to whoever runs it, copying the static assets beside the server (Dockerfile.web does the
// same with COPY). Used by `npm start` and the browser tests' setup.
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/schema-sync/repo-root';

export const WEB_DIR = path.join(REPO_ROOT, 'services/web');
export const STANDALONE_DIR = path.join(WEB_DIR, '.next/standalone');
/** npm workspaces: the standalone output mirrors the workspace path under the tracing root. */
export const STANDALONE_APP_DIR = path.join(STANDALONE_DIR, 'services/web');
export const STANDALONE_SERVER = path.join(STANDALONE_APP_DIR, 'server.js');

/** .next/static and public/ into the standalone folder, replacing what an earlier build left there. */
export async function copyStaticAssets(): Promise<void> {
  const copies = [
    [path.join(WEB_DIR, '.next/static'), path.join(STANDALONE_APP_DIR, '.next/static')],
    [path.join(WEB_DIR, 'public'), path.join(STANDALONE_APP_DIR, 'public')],
  ] as const;
  for (const [from, to] of copies) {
    if (!existsSync(from)) continue;
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}
