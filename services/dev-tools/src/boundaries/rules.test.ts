// The boundary rules on the repository as committed (no violation), and on a copy of it with one forbidden
// import planted per rule: each is reported, by the rule's name.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBoundaries } from './check-boundaries.ts';

const SKIP = new Set(['node_modules', '.next', 'generated', '.tools', '.data']);

/** services/ and the manifests copied; node_modules links to the real packages, @monitrax/* to the copy. */
function copyRepository(into: string) {
  cpSync(path.join(REPO_ROOT, 'services'), path.join(into, 'services'), { recursive: true, filter: (source) => !SKIP.has(path.basename(source)) });
  for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(REPO_ROOT, file), path.join(into, file));
  mkdirSync(path.join(into, 'node_modules/@monitrax'), { recursive: true });
  for (const entry of readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry !== '@monitrax' && entry !== '.bin') symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(into, 'node_modules', entry));
  }
  for (const workspace of readdirSync(path.join(into, 'services')))
    symlinkSync(path.join(into, 'services', workspace), path.join(into, 'node_modules/@monitrax', workspace));
}

describe('the workspace boundaries', () => {
  // It walks every import of the repository: seconds of CPU, more on a busy machine than a unit test's default.
  it('hold on the repository as committed', { timeout: 30_000 }, async () => {
    expect(await checkBoundaries(REPO_ROOT)).toEqual([]);
  });

  describe('on a copy with forbidden imports planted', () => {
    let copy: string;
    beforeAll(() => {
      copy = mkdtempSync(path.join(tmpdir(), 'monitrax-boundaries-'));
      copyRepository(copy);
      const plant = (file: string, line: string) => appendFileSync(path.join(copy, file), `\n${line}\n`);
      plant('services/web/src/lib/format.ts', "import '../../../api/src/app.ts';");
      plant('services/contract/src/paths.ts', "import 'node:fs';");
      plant('services/schema-sync/src/env.ts', "import '@monitrax/api/config/env';");
      plant('services/api/src/app.ts', "import '@monitrax/test-support/databases';");
      plant('services/api/src/http/envelope.ts', "import '@monitrax/database/not-exported';");
      plant('services/database/src/create-db.ts', "import 'testcontainers';");
      plant('services/local-stack/src/web.ts', "import '../../machine-workarounds/src/schema-engine/main.ts';");
      plant('services/web/src/lib/log.ts', "import '@monitrax/telemetry/start';");
      plant('services/web/src/lib/resources.ts', "import '@monitrax/document-store/store';");
      plant('services/telemetry/src/probes.ts', "import '@monitrax/api/config/env';");
      plant('services/document-store/src/orphans.ts', "import '@monitrax/test-support/databases';");
    });
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it('report each by its rule', { timeout: 30_000 }, async () => {
      const found = (await checkBoundaries(copy)).map((violation) => `${violation.rule}: ${violation.from} -> ${violation.to}`);
      expect(found).toEqual(
        expect.arrayContaining([
          'no-relative-import-across-workspaces: services/web/src/lib/format.ts -> services/api/src/app.ts',
          'web-imports-no-server-package: services/web/src/lib/format.ts -> services/api/src/app.ts',
          'contract-is-browser-safe: services/contract/src/paths.ts -> fs',
          'packages-below-the-api-do-not-load-it: services/schema-sync/src/env.ts -> services/api/src/config/env.ts',
          'images-carry-no-dev-tooling: services/api/src/app.ts -> services/test-support/src/databases.ts',
          'no-unresolvable-import: services/api/src/http/envelope.ts -> @monitrax/database/not-exported',
          'nothing-loads-the-machine-workarounds: services/local-stack/src/web.ts -> services/machine-workarounds/src/schema-engine/main.ts',
          'web-starts-telemetry-only-from-instrumentation: services/web/src/lib/log.ts -> services/telemetry/src/start.ts',
          'web-imports-no-server-package: services/web/src/lib/resources.ts -> services/document-store/src/store.ts',
          'packages-below-the-api-do-not-load-it: services/telemetry/src/probes.ts -> services/api/src/config/env.ts',
          'images-carry-no-dev-tooling: services/document-store/src/orphans.ts -> services/test-support/src/databases.ts',
        ]),
      );
      expect(found.some((line) => line.startsWith('no-cycles: '))).toBe(true);
      expect(found.some((line) => line.startsWith('images-use-declared-dependencies: services/database/src/create-db.ts -> '))).toBe(true);
    });
  });
});
