// Review before deploy: on a branch, the migrations added since the branch point are judged as the deploy would
// (markers included, the branch point's schema as the release still serving), a migration changed after the branch
// point is named, and the migrations must build schema.prisma.
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newMigration } from '../../../src/migrate/new-migration.ts';
import { reviewMigrations } from '../../../src/migrate/review.ts';
import { EXIT } from '../../../src/sync/sync.ts';
import { adminUrl, useFixture, V2, V3 } from './fixture.ts';

const fixture = useFixture({ migrate: true });

const review = async () => {
  const lines: string[] = [];
  const result = await reviewMigrations({
    base: 'main',
    serverUrl: adminUrl,
    schemaPath: fixture.schemaPath,
    project: fixture.project,
    log: (line) => lines.push(line),
  });
  return { ...result, lines };
};
const write = async (name: string) =>
  newMigration({ name, databaseUrl: (await fixture.database()).url, schemaPath: fixture.schemaPath, project: fixture.project, log: () => {} });

describe('review of migrations on a branch', () => {
  it('passes what deploys safely, refuses what loses data or breaks without its marker, a changed old migration and a schema without its migration', async () => {
    await fixture.writeSchema(V2);
    const init = await write('init');
    await fixture.git('add', '-A');
    await fixture.git('commit', '-qm', 'v2 with its migration');
    await fixture.git('checkout', '-qb', 'drop-nickname');
    expect(await review()).toMatchObject({ exitCode: EXIT.OK, mode: 'migrate', problems: [] });

    await fixture.writeSchema(V3);
    const drop = await write('drop_nickname');
    const refused = await review();
    expect(refused.exitCode).toBe(EXIT.REFUSED);
    const dropName = path.basename(drop.folder!);
    expect(refused.problems).toEqual([
      `${dropName}: drops column User.nickname, which the running release reads (the release still serving fails on it; to accept that, mark the file: -- monitrax: allow-breaking: <reason>)`,
      `${dropName}: drops column User.nickname and its values (loses data; to accept that, mark the file: -- monitrax: accept-data-loss: <reason>)`,
    ]);

    const file = path.join(drop.folder!, 'migration.sql');
    await writeFile(
      file,
      `-- monitrax: accept-data-loss: unused\n-- monitrax: allow-breaking: a minute of failed nickname reads\n${await fixture.readMigration(dropName)}`,
    );
    expect(await review()).toMatchObject({ exitCode: EXIT.OK, problems: [] });

    // An old migration edited on the branch; and a schema change that no migration makes.
    await appendFile(`${init.folder!}/migration.sql`, '\n-- tidied\nCREATE INDEX "User_name_idx" ON "User"("name");\n');
    await fixture.writeSchema(V3.replace('  name     String\n', '  name     String\n  bio      String?\n'));
    const problems = (await review()).problems;
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path.basename(init.folder!)}: changed since main`)));
    expect(problems).toContainEqual(expect.stringMatching(/^schema\.prisma has changes no migration makes \(\d+ statement\(s\), e\.g\. /));
  });
});
