import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrismaConfig } from './prisma-config.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'monitrax-prisma-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const configWith = async (name: string, body: string) => {
  const file = path.join(dir, `${name}.config.ts`);
  await writeFile(file, `export default ${body};\n`);
  return file;
};

describe('prisma.config.ts against external-objects.ts', () => {
  it("passes for the repository's own file", async () => {
    expect((await checkPrismaConfig()).problems).toEqual([]);
  });

  it('names a table listed in the config but not declared where the sync reads it', async () => {
    const file = await configWith('inline', `{ experimental: { externalTables: true }, tables: { external: ['public.legacy'] } }`);
    expect((await checkPrismaConfig(file)).problems).toEqual([
      "prisma.config.ts: tables.external: lists 'public.legacy'; declare it in services/database/src/external-objects.ts instead, which this file reads",
    ]);
  });

  it('says when Prisma cannot load the file', async () => {
    const file = await configWith('broken', `{ tables: { external: 'public.legacy' } }`);
    expect((await checkPrismaConfig(file)).problems[0]).toMatch(/^prisma\.config\.ts: Prisma could not load it \(Config/);
  });
});
