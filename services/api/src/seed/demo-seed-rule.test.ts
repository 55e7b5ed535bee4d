import { describe, expect, it } from 'vitest';
import { demoSeedRefusal } from './demo-seed-rule.ts';

describe('demoSeedRefusal', () => {
  it("seeds a person's own database whatever it holds", () => {
    expect(demoSeedRefusal({ nodeEnv: undefined, isPullRequest: undefined, otherUsers: 12 })).toBeUndefined();
    expect(demoSeedRefusal({ nodeEnv: 'development', isPullRequest: undefined, otherUsers: 0 })).toBeUndefined();
  });

  it("seeds a Render preview's new database", () => {
    expect(demoSeedRefusal({ nodeEnv: 'production', isPullRequest: 'true', otherUsers: 0 })).toBeUndefined();
  });

  it('refuses production, and a preview whose database holds other accounts', () => {
    expect(demoSeedRefusal({ nodeEnv: 'production', isPullRequest: undefined, otherUsers: 0 })).toMatch(/not a Render preview environment/);
    expect(demoSeedRefusal({ nodeEnv: 'production', isPullRequest: 'false', otherUsers: 0 })).toMatch(/IS_PULL_REQUEST is not "true"/);
    expect(demoSeedRefusal({ nodeEnv: 'production', isPullRequest: 'true', otherUsers: 3 })).toMatch(/already holds 3 other account/);
  });
});
