// startNodeProcess with its output kept in memory and with it written to a file: the same lines found, the same stop.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess } from '../src/supervisor.ts';

let dir: string;
let script: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'node-process-'));
  script = path.join(dir, 'server.mjs');
  // Prints to both streams, then runs until SIGTERM, when it says so and exits 0.
  await writeFile(
    script,
    [
      "process.stdout.write('starting\\n');",
      "process.stderr.write('a warning\\n');",
      'const keepAlive = setInterval(() => {}, 1000);',
      "process.once('SIGTERM', () => { clearInterval(keepAlive); process.stdout.write('stopping\\n'); });",
      "setTimeout(() => process.stdout.write('ready on 1234\\n'), 50);",
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['in memory', () => undefined],
  ['in a file', () => path.join(dir, `output-${Date.now()}.log`)],
])('startNodeProcess, output %s', (_mode, logFile) => {
  it('finds a line printed after the call, keeps both streams and stops on SIGTERM', async () => {
    const child = startNodeProcess(script, { cwd: dir, env: { PATH: process.env.PATH }, logFile: logFile() });
    try {
      await expect(child.waitForOutput(/^ready on (\d+)$/, 10_000)).resolves.toBe('ready on 1234');
      // Already printed: found at once.
      await expect(child.waitForOutput(/^starting$/)).resolves.toBe('starting');
      expect(child.output()).toContain('a warning');
    } finally {
      await child.stop();
    }
    await expect(child.exited).resolves.toEqual({ code: 0, signal: null });
    expect(child.output()).toContain('stopping');
  });

  it('rejects the wait when the process exits without printing the line', async () => {
    const child = startNodeProcess(script, { cwd: dir, env: { PATH: process.env.PATH }, logFile: logFile() });
    const waiting = child.waitForOutput(/never printed/, 10_000);
    await child.waitForOutput(/^ready/, 10_000);
    await child.stop();
    await expect(waiting).rejects.toThrow(/exited/);
  });
});
