import { describe, expect, it } from 'vitest';
import { createRunCommand } from '../../src/doctor/run-command.ts';

const run = createRunCommand();

describe('runCommand', () => {
  it('returns exit code and output', async () => {
    const result = await run(process.execPath, ['-e', "process.stdout.write('out'); process.stderr.write('err'); process.exit(3)"]);
    expect(result).toEqual({ code: 3, stdout: 'out', stderr: 'err' });
  });

  it('says when the executable does not exist', async () => {
    const result = await run('monitrax-doctor-no-such-command', ['--version']);
    expect(result).toMatchObject({ code: null, error: 'not-found' });
  });

  it('kills a command that outlives its time limit and says so', async () => {
    const started = performance.now();
    const result = await run(process.execPath, ['-e', "process.stdout.write('started'); setTimeout(() => {}, 60000)"], { timeoutMs: 300 });
    expect(result.error).toBe('timeout');
    expect(result.code).toBeNull();
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('passes its environment to the command', async () => {
    const result = await createRunCommand({ ...process.env, DOCTOR_PROBE: 'yes' })(process.execPath, ['-e', 'process.stdout.write(process.env.DOCTOR_PROBE)']);
    expect(result.stdout).toBe('yes');
  });
});
