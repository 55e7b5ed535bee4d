import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.ts';

describe('the worker configuration', () => {
  const composeExample = 'postgresql://monitrax:monitrax@db:5432/monitrax';

  it(".env.example's database password is refused in production for a database on another host", () => {
    expect(() => loadWorkerConfig({ NODE_ENV: 'production', DATABASE_URL: composeExample })).toThrow(/DATABASE_URL: has a placeholder password/);
    expect(() => loadWorkerConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://app:postgres@db.internal/app' })).toThrow(/placeholder password/);
  });

  it('accepts it outside production, on this machine, and a real password anywhere', () => {
    expect(loadWorkerConfig({ DATABASE_URL: composeExample }).DATABASE_URL).toBe(composeExample);
    expect(loadWorkerConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://monitrax:monitrax@127.0.0.1:5432/monitrax' }).NODE_ENV).toBe('production');
    expect(loadWorkerConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://app:Xk29fq0LmZp7@db:5432/app' }).NODE_ENV).toBe('production');
  });
});
