import { describe, expect, it } from 'vitest';
import { demoSeedRefusal } from './demo-seed-rule.ts';

describe('demoSeedRefusal', () => {
  it("seeds a person's own database whatever it holds", () => {
    expect(demoSeedRefusal({ nodeEnv: undefined, isPullRequest: undefined, otherUsers: 12, databaseHost: '127.0.0.1' })).toBeUndefined();
    expect(demoSeedRefusal({ nodeEnv: 'development', isPullRequest: undefined, otherUsers: 0, databaseHost: 'localhost' })).toBeUndefined();
  });

  it("seeds a Render preview's new database", () => {
    expect(demoSeedRefusal({ nodeEnv: 'production', isPullRequest: 'true', otherUsers: 0, databaseHost: 'dpg-x.internal' })).toBeUndefined();
  });

  it('refuses production, and a preview whose database holds other accounts', () => {
    expect(demoSeedRefusal({ nodeEnv: 'production', isPullRequest: undefined, otherUsers: 0, databaseHost: 'db' })).toMatch(/not a Render preview environment/);
    expect(demoSeedRefusal({ nodeEnv: 'production', isPullRequest: 'false', otherUsers: 0, databaseHost: 'db' })).toMatch(/IS_PULL_REQUEST is not "true"/);
    expect(demoSeedRefusal({ nodeEnv: 'production', isPullRequest: 'true', otherUsers: 3, databaseHost: 'db' })).toMatch(/already holds 3 other account/);
  });

  it('refuses a database on another host outside production mode, unless the person says it is not production', () => {
    const remote = { nodeEnv: undefined, isPullRequest: undefined, otherUsers: 0, databaseHost: 'dpg-abc.oregon-postgres.render.com' };
    expect(demoSeedRefusal(remote)).toMatch(/^refusing to seed demo data into a database on another host \(dpg-abc\.oregon-postgres\.render\.com\).*--remote/);
    expect(demoSeedRefusal({ ...remote, nodeEnv: 'development' })).toMatch(/another host/);
    expect(demoSeedRefusal({ ...remote, remoteAllowed: true })).toBeUndefined();
    expect(demoSeedRefusal({ ...remote, databaseHost: '127.0.0.2' })).toBeUndefined();
  });
});
