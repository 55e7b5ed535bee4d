import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
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
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session=xyz', [INTERNAL_SECRET_HEADER.toLowerCase()]: 'internal-key-987' } },
        body: { password: 'hunter22', currentPassword: 'old-pass-555', newPassword: 'new-pass-666' },
        token: 'tok-123',
      },
      'x',
    );
    logger.info({ currentPassword: 'top-level-777', config: { internalApiSecret: 'cfg-888' } }, 'y');
    const output = lines.join('');
    for (const secret of ['abc.def.ghi', 'session=xyz', 'internal-key-987', 'hunter22', 'old-pass-555', 'new-pass-666', 'tok-123', 'top-level-777', 'cfg-888'])
      expect(output, secret).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });

  it('masks the password in a connection string', () => {
    expect(maskDatabaseUrl('postgresql://monitrax:p%40ss@db:5432/monitrax')).toBe('postgresql://monitrax:***@db:5432/monitrax');
    expect(maskDatabaseUrl('not a url')).toBe('(unparseable connection string)');
  });
});
