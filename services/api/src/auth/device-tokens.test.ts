import { describe, expect, it } from 'vitest';
import { createDeviceTokens } from './device-tokens.ts';
import { slowDownDelayMs } from './rate-limits.ts';

describe('device tokens', () => {
  const tokens = createDeviceTokens('a-signing-key-of-enough-length-0123456789');

  it('names the device for the account it was issued for, and nothing else', () => {
    const token = tokens.issue('owner@example.com');
    const id = tokens.verify(token, 'owner@example.com');
    expect(id).toBe(token.split('.')[0]);
    expect(tokens.verify(token, 'someone@example.com')).toBeUndefined();
    expect(createDeviceTokens('another-signing-key-of-enough-length-01').verify(token, 'owner@example.com')).toBeUndefined();
    expect(tokens.issue('owner@example.com')).not.toBe(token);
  });

  it('refuses what it did not issue', () => {
    const [id, mac] = tokens.issue('owner@example.com').split('.');
    for (const forged of [undefined, '', id, `${id}.`, `${id}.${mac}.x`, `${id}x.${mac}`, `${id}.${mac!.slice(1)}`, 'x'.repeat(500)]) {
      expect(tokens.verify(forged, 'owner@example.com'), String(forged)).toBeUndefined();
    }
  });
});

describe('slowDownDelayMs', () => {
  it('waits half a second more per failure past the budget, up to the ceiling', () => {
    expect([9, 10, 11, 12, 20, 1_000].map((failures) => slowDownDelayMs(failures, 10, 5_000))).toEqual([0, 0, 500, 1_000, 5_000, 5_000]);
  });
});
