// The version recorded with each applied schema change: package version plus the deployed commit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';

export function appVersion(env: NodeJS.ProcessEnv): string {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const commit = env.RENDER_GIT_COMMIT ?? env.GIT_COMMIT;
  return commit ? `${manifest.version}+${commit.slice(0, 12)}` : manifest.version;
}
