// No runtime dependency is deprecated: npm records a registry deprecation notice in package-lock.json (the
// `deprecated` field `npm ci` prints as a warning), so the lockfile answers without the network. Runtime means
// what `npm ci --omit=dev` installs. (`npm audit` needs the registry's audit endpoint, which these machines cannot
// reach: the GitHub workflow runs `npm audit --omit=dev --audit-level=high`.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summary } from './support.ts';
import { REPO_ROOT } from '@monitrax/database/paths';

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  deprecated?: string;
  link?: boolean;
}

describe('runtime dependencies', () => {
  it('none is deprecated', () => {
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      lockfileVersion: number;
      packages: Record<string, LockEntry>;
    };
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    const runtime = Object.entries(lock.packages).filter(([name, entry]) => name.includes('node_modules/') && !entry.dev && !entry.devOptional && !entry.link);
    const deprecated = runtime.filter(([, entry]) => entry.deprecated).map(([name, entry]) => `${name}@${entry.version}: ${entry.deprecated}`);
    expect(runtime.length).toBeGreaterThan(50);
    expect(deprecated).toEqual([]);
    summary('runtime dependencies', { 'packages checked': runtime.length, deprecated: deprecated.length });
  });
});
