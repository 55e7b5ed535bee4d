// `node services/dev-tools/src/doctor/doctor.ts` as a person runs it, against a real PostgreSQL 17 from the
// integration project's globalSetup: a database in sync with the schema, an empty one (drift) and a
// closed port (database failure). The child runs in an empty folder (no .env) and on ports nothing
// listens on, so whatever else runs on this machine does not change the answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import type { CheckResult } from '../../src/doctor/types.ts';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';

const DOCTOR = fileURLToPath(new URL('../../src/doctor/doctor.ts', import.meta.url));

function provided(): { adminUrl: string; templateDatabase: string } | undefined {
  try {
    return inject('testPostgres');
  } catch {
    return undefined; // not under the integration project's globalSetup
  }
}
const postgres = provided();

interface DoctorRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface DoctorJson {
  ok: boolean;
  exitCode: number;
  summary: Record<string, number>;
  checks: CheckResult[];
}

describe.skipIf(!postgres)('doctor against a real PostgreSQL', () => {
  const { adminUrl, templateDatabase } = postgres!;
  const cwd = mkdtempSync(path.join(tmpdir(), 'doctor-it-')); // no .env here
  const created: string[] = [];
  let ports: { API_PORT: string; WEB_PORT: string; PG_PORT: string };

  beforeAll(async () => {
    const free = new Set<number>();
    while (free.size < 3) free.add(await findFreePort());
    const [api, web, pg] = [...free].map(String);
    ports = { API_PORT: api!, WEB_PORT: web!, PG_PORT: pg! };
  });

  afterAll(async () => {
    for (const name of created) await dropDatabase(adminUrl, name);
    rmSync(cwd, { recursive: true, force: true });
  });

  async function database(template?: string): Promise<string> {
    const name = uniqueDatabaseName('doctor_it');
    await createDatabase(adminUrl, name, template);
    created.push(name);
    return databaseUrl(adminUrl, name);
  }

  function doctor(url: string, args: string[] = ['--json']): Promise<DoctorRun> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...ports, DATABASE_URL: url, NO_COLOR: '1' };
    return runNodeScript(DOCTOR, args, { cwd, env });
  }

  function parse(run: DoctorRun): DoctorJson & { byName: Record<string, CheckResult> } {
    const json = JSON.parse(run.stdout) as DoctorJson;
    return { ...json, byName: Object.fromEntries(json.checks.map((check) => [check.name, check])) };
  }

  const failures = (json: DoctorJson) => json.checks.filter((check) => check.status === 'fail');

  it('a copy of the schema template: database ok, schema in sync, exit 0', async () => {
    const url = await database(templateDatabase);
    const run = await doctor(url);
    const json = parse(run);
    expect(failures(json), run.stdout).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    expect(json.byName.database).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^PostgreSQL 17\.\d+ at postgresql:\/\/[^:]+:\*\*\*@/) });
    expect(json.byName.schema).toEqual({ name: 'schema', status: 'ok', detail: 'database matches prisma/schema.prisma' });
    expect(json.byName['.env']!.status).toBe('skip');
    expect(json.byName['api health']!.status).toBe('skip');
    expect(json.byName.ports!.detail).toContain(`${ports.API_PORT} (api) free`);
    expect(json.checks.map((check) => check.name)).toEqual([
      'node',
      'docker',
      'compose',
      '.env',
      'ports',
      'database',
      'schema',
      'pg_dump',
      'api health',
      'web health',
    ]);
  });

  it('an empty database: schema drift is a warning with the pending statements and make db-sync', async () => {
    const url = await database();
    const run = await doctor(url);
    const json = parse(run);
    expect(run.code, run.stdout).toBe(failures(json).length > 0 ? 1 : 0);
    expect(json.byName.database!.status).toBe('ok');
    const schema = json.byName.schema!;
    expect(schema.status).toBe('warn');
    expect(schema.detail).toMatch(/^database differs from prisma\/schema\.prisma: \d+ pending statements/);
    expect(schema.detail).toMatch(/CREATE (TYPE|TABLE)/);
    expect(schema.fix).toContain('make db-sync');
  });

  it('a closed port: the database fails (exit 1) with the masked URL, and the password appears nowhere', async () => {
    const password = 'doctor-secret-pw-4417';
    const port = await findFreePort();
    const url = `postgresql://doctor:${password}@127.0.0.1:${port}/nowhere`;

    const run = await doctor(url);
    const json = parse(run);
    expect(run.code).toBe(1);
    expect(json.exitCode).toBe(1);
    expect(json.byName.database).toMatchObject({
      status: 'fail',
      detail: `cannot connect to postgresql://doctor:***@127.0.0.1:${port}/nowhere (from environment): nothing listens at 127.0.0.1:${port}`,
    });
    expect(json.byName.database!.fix).toContain('make dev');
    expect(json.byName.schema!.status).toBe('skip');
    expect(`${run.stdout}${run.stderr}`).not.toContain(password);

    const text = await doctor(url, []);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^✗ database {2,}cannot connect to postgresql:\/\/doctor:\*\*\*@/m);
    expect(text.stdout).toMatch(/→ start PostgreSQL: `make dev`/);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^doctor: \d+ ok, \d+ warnings?, [1-9]\d* failures?(, \d+ skipped)?$/);
    expect(`${text.stdout}${text.stderr}`).not.toContain(password);
  });
});
