import { describe, expect, it } from 'vitest';
import { fakeWorld, notFound } from '../fake-world.ts';
import type { CommandResult } from '../types.ts';
import { checkCompose, checkDocker, composeResult, dockerResult } from './docker.ts';

const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: '' });
const VERSION_ARGS = 'docker version --format {{json .}}';

describe('docker', () => {
  it('is ok when the engine answers', () => {
    const result = dockerResult(ok('{"Client":{"Version":"28.2.2"},"Server":{"Version":"28.2.2"}}\n'));
    expect(result).toEqual({ name: 'docker', status: 'ok', detail: 'engine 28.2.2 reachable (client 28.2.2)' });
  });

  it('warns "no Docker engine running: use make dev" when only the client answers', () => {
    const result = dockerResult({
      code: 1,
      stdout: '{"Client":{"Version":"28.2.2"},"Server":null}\n',
      stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    });
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('client 28.2.2, but no Docker engine running (Cannot connect to the Docker daemon');
    expect(result.fix).toMatch(/^no Docker engine running: use `make dev`/);
  });

  it('warns, not fails, when docker is missing or hangs', () => {
    expect(dockerResult(notFound)).toMatchObject({ status: 'warn', detail: 'docker is not installed' });
    const hung = dockerResult({ code: null, stdout: '', stderr: '', error: 'timeout' });
    expect(hung.status).toBe('warn');
    expect(hung.detail).toContain('no answer within 4 s');
  });

  it('warns with the first line of an unexpected failure', () => {
    const result = dockerResult({ code: 1, stdout: '', stderr: 'permission denied while trying to connect\nmore' });
    expect(result).toMatchObject({ status: 'warn', detail: '`docker version` failed (exit 1): permission denied while trying to connect' });
  });

  it('asks docker with a time limit', async () => {
    const calls: Array<{ command: string; timeoutMs: number | undefined }> = [];
    const world = fakeWorld({
      run: async (command, args, options) => {
        calls.push({ command: [command, ...args].join(' '), timeoutMs: options?.timeoutMs });
        return notFound;
      },
    });
    await checkDocker(world);
    expect(calls).toEqual([{ command: VERSION_ARGS, timeoutMs: 4_000 }]);
  });
});

describe('compose', () => {
  it('prefers the plugin and says which one answered', async () => {
    const world = fakeWorld({
      commands: {
        'docker compose version': ok('Docker Compose version v2.27.0\n'),
        'docker-compose version': ok('docker-compose version 1.29.2, build unknown\n'),
      },
    });
    expect(await checkCompose(world)).toEqual({ name: 'compose', status: 'ok', detail: '`docker compose` 2.27.0 (Compose v2 plugin)' });
  });

  it('warns when only Compose v1 answers: make up needs v2', async () => {
    const world = fakeWorld({ commands: { 'docker-compose version': ok('docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3\n') } });
    const result = await checkCompose(world);
    expect(result.status).toBe('warn');
    expect(result.detail).toBe('only `docker-compose` 1.29.2 (Compose v1, end-of-life since 2023): `make up` needs Compose v2');
    expect(result.fix).toContain('docker-cli-plugins.sh');
  });

  it('warns when the plugin is older than 2.24', async () => {
    const world = fakeWorld({ commands: { 'docker compose version': ok('Docker Compose version v2.20.2\n') } });
    const result = await checkCompose(world);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('2.20.2 is older than 2.24');
  });

  it('warns with how to get one when neither answers', () => {
    const plugin: CommandResult = { code: 1, stdout: '', stderr: 'docker: unknown command: docker compose\n' };
    const result = composeResult(plugin, notFound);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('no Docker Compose v2');
    expect(result.fix).toContain('make dev');
  });
});
