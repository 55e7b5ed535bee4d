import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.ts';

const mailByLog = { MAIL_TRANSPORT: 'log' };

describe('the worker configuration', () => {
  const composeExample = 'postgresql://monitrax:monitrax@db:5432/monitrax';

  it(".env.example's database password is refused in production for a database on another host", () => {
    expect(() => loadWorkerConfig({ ...mailByLog, NODE_ENV: 'production', DATABASE_URL: composeExample })).toThrow(/DATABASE_URL: has a placeholder password/);
    expect(() => loadWorkerConfig({ ...mailByLog, NODE_ENV: 'production', DATABASE_URL: 'postgresql://app:postgres@db.internal/app' })).toThrow(
      /placeholder password/,
    );
  });

  it('accepts it outside production, on this machine, and a real password anywhere', () => {
    expect(loadWorkerConfig({ DATABASE_URL: composeExample }).DATABASE_URL).toBe(composeExample);
    expect(loadWorkerConfig({ ...mailByLog, NODE_ENV: 'production', DATABASE_URL: 'postgresql://monitrax:monitrax@127.0.0.1:5432/monitrax' }).NODE_ENV).toBe(
      'production',
    );
    expect(loadWorkerConfig({ ...mailByLog, NODE_ENV: 'production', DATABASE_URL: 'postgresql://app:Xk29fq0LmZp7@db:5432/app' }).NODE_ENV).toBe('production');
  });
});

describe('the worker’s mail settings', () => {
  const database = { DATABASE_URL: 'postgresql://app:Xk29fq0LmZp7@db:5432/app' };

  it('production must choose how mail leaves, in one clear line', () => {
    expect(() => loadWorkerConfig({ ...database, NODE_ENV: 'production' })).toThrow(/MAIL_TRANSPORT: is required in production: smtp \(with SMTP_URL\)/);
    const smtp = { NODE_ENV: 'production', MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtps://user:pw@smtp.example.com:465' };
    expect(() => loadWorkerConfig({ ...database, ...smtp })).toThrow(/MAIL_FROM: is required in production with smtp/);
    expect(loadWorkerConfig({ ...database, ...smtp, MAIL_FROM: 'Monitrax <hello@example.com>' }).SMTP_URL).toBe('smtps://user:pw@smtp.example.com:465');
  });

  it('smtp needs an SMTP URL; anything else is refused', () => {
    expect(() => loadWorkerConfig({ ...database, MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL: is required with MAIL_TRANSPORT=smtp/);
    expect(() => loadWorkerConfig({ ...database, SMTP_URL: 'http://smtp.example.com' })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => loadWorkerConfig({ ...database, MAIL_TRANSPORT: 'sendgrid' })).toThrow(/MAIL_TRANSPORT/);
  });

  it("reads compose's empty pass-through values as unset", () => {
    const config = loadWorkerConfig({ ...database, MAIL_TRANSPORT: 'log', SMTP_URL: '', MAIL_FROM: '' });
    expect(config).toMatchObject({ MAIL_TRANSPORT: 'log', SMTP_URL: undefined, MAIL_FROM: undefined });
  });
});
