import { describe, expect, it } from 'vitest';
import type { CheckResult } from './checks.ts';
import { createPeriodicCheck } from './periodic-check.ts';

const result = (output: string): CheckResult => ({ componentType: 'component', status: 'pass', time: '2026-12-03T00:00:00.000Z', output });

describe('a periodic check', () => {
  it('reports its initial result until the first measurement ends, then the latest', async () => {
    let measured = 0;
    const check = createPeriodicCheck({ name: 'thing', initial: result('not yet'), intervalMs: 0, measure: async () => result(`measured ${++measured}`) });
    expect(check.name).toBe('thing');
    expect((await check.run()).output).toBe('not yet');
    await check.refresh();
    expect((await check.run()).output).toBe('measured 1');
    await check.refresh();
    expect((await check.run()).output).toBe('measured 2');
  });

  it('shares one measurement between concurrent refreshes', async () => {
    let calls = 0;
    let finish: (value: CheckResult) => void = () => {};
    const check = createPeriodicCheck({
      name: 'thing',
      initial: result('not yet'),
      intervalMs: 0,
      measure: () => {
        calls += 1;
        return new Promise<CheckResult>((resolve) => {
          finish = resolve;
        });
      },
    });
    const first = check.refresh();
    const second = check.refresh();
    expect(second).toBe(first);
    finish(result('once'));
    await first;
    expect(calls).toBe(1);
    expect((await check.run()).output).toBe('once');
  });

  it('reports a measurement that does not end in time as a warning, and measures again on the next refresh', async () => {
    let calls = 0;
    const check = createPeriodicCheck({
      name: 'thing',
      initial: { ...result('not yet'), componentId: 'x' },
      intervalMs: 0,
      timeoutMs: 5,
      measure: () => {
        calls += 1;
        return calls === 1 ? new Promise<CheckResult>(() => {}) : Promise.resolve(result('answered'));
      },
    });
    await check.refresh();
    expect(await check.run()).toMatchObject({ status: 'warn', componentId: 'x', output: 'no answer within 5 ms' });
    await check.refresh();
    expect((await check.run()).output).toBe('answered');
  });
});
