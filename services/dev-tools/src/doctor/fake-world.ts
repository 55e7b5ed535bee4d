// A DoctorWorld for unit tests: a quiet machine (Node 24 from .tools, nothing installed, nothing
// running, no database) that each test changes in the places it is about.
import type { CommandResult, DoctorWorld } from './types.ts';

export const notFound: CommandResult = { code: null, stdout: '', stderr: '', error: 'not-found' };

export function refused(code = 'ECONNREFUSED'): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

/** Commands answer from `commands` ("docker compose version" -> result); others are not found. */
export function fakeWorld(overrides: Partial<DoctorWorld> & { files?: Record<string, string>; commands?: Record<string, CommandResult> } = {}): DoctorWorld {
  const { files = { '/repo/.nvmrc': '24.21.0\n' }, commands = {}, ...rest } = overrides;
  return {
    root: '/repo',
    env: {},
    envFile: { path: '/work/.env', exists: false, values: {} },
    platform: 'linux',
    nodeVersion: 'v24.21.0',
    execPath: '/repo/.tools/node-v24.21.0-linux-x64/bin/node',
    readText: async (file) => files[file],
    isProcessAlive: () => false,
    run: async (command, args) => commands[[command, ...args].join(' ')] ?? notFound,
    httpGet: async () => ({ kind: 'refused' }),
    isPortFree: async () => true,
    speaksPostgres: async () => false,
    queryServer: async () => {
      throw refused();
    },
    planSchema: async () => ({ inSync: true, statements: [], warnings: [], undeclared: { tables: [], enums: [] }, declarationAdvice: [] }),
    pgTools: {
      find: async () => undefined,
      installedMajors: async () => [],
      advice: (minMajor, found) => `get pg_dump ${minMajor}+ (found ${found.join(',') || 'none'})\n  - make pg-client`,
    },
    ...rest,
  };
}
