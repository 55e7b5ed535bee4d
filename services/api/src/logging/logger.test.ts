import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskDatabaseUrl } from './logger.ts';

describe('logger', () => {
  it('redacts authorization headers, cookies, passwords and tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink });
    logger.info({ req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session=xyz' } }, body: { password: 'hunter22' }, token: 'tok-123' }, 'x');
    const output = lines.join('');
    for (const secret of ['abc.def.ghi', 'session=xyz', 'hunter22', 'tok-123']) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });

  it('masks the password in a connection string', () => {
    expect(maskDatabaseUrl('postgresql://monitrax:p%40ss@db:5432/monitrax')).toBe('postgresql://monitrax:***@db:5432/monitrax');
    expect(maskDatabaseUrl('not a url')).toBe('(unparseable connection string)');
  });
});
