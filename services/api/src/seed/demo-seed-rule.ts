// Whether the demo user and portfolio may be written into a database: a person's own database on this machine
// (make db-seed, NODE_ENV not production) or a Render preview environment's new one (initialDeployHook; Render sets
// IS_PULL_REQUEST=true there), never production. NODE_ENV alone is not trusted: outside production mode a database
// on another host (a production URL pasted into a laptop's shell) is refused unless the person says --remote, and in
// production mode the database must hold no account but the demo one, as a new preview database does. The demo
// account's password is published, so it must never reach a database people use.

import { isLoopbackHost } from '@monitrax/database/url';

export interface SeedSituation {
  nodeEnv: string | undefined;
  isPullRequest: string | undefined;
  /** Accounts in the database other than the demo one. */
  otherUsers: number;
  /** DATABASE_URL's host. */
  databaseHost: string;
  /** The person said the database on another host is not production (`--remote`). */
  remoteAllowed?: boolean;
}

/** Why seeding must not happen here, or undefined when it may. */
export function demoSeedRefusal(situation: SeedSituation): string | undefined {
  if (situation.nodeEnv !== 'production') {
    if (isLoopbackHost(situation.databaseHost) || situation.remoteAllowed) return undefined;
    return `refusing to seed demo data into a database on another host (${situation.databaseHost}): the demo account's password is published. Seed a database on this machine (make dev's, make up's), or add --remote if this one is not production`;
  }
  if (situation.isPullRequest !== 'true')
    return 'refusing to seed demo data: NODE_ENV is production and this is not a Render preview environment (IS_PULL_REQUEST is not "true")';
  if (situation.otherUsers > 0)
    return `refusing to seed demo data: this preview's database already holds ${situation.otherUsers} other account(s), so it may not be a preview's own database`;
  return undefined;
}
