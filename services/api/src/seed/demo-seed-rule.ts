// Whether the demo user and portfolio may be written into a database: a person's own database (make db-seed,
// NODE_ENV not production) or a Render preview environment's new one (initialDeployHook; Render sets
// IS_PULL_REQUEST=true there), never production. A second guard does not trust the environment alone: in production
// mode the database must hold no account but the demo one, as a new preview database does.

export interface SeedSituation {
  nodeEnv: string | undefined;
  isPullRequest: string | undefined;
  /** Accounts in the database other than the demo one. */
  otherUsers: number;
}

/** Why seeding must not happen here, or undefined when it may. */
export function demoSeedRefusal(situation: SeedSituation): string | undefined {
  if (situation.nodeEnv !== 'production') return undefined;
  if (situation.isPullRequest !== 'true')
    return 'refusing to seed demo data: NODE_ENV is production and this is not a Render preview environment (IS_PULL_REQUEST is not "true")';
  if (situation.otherUsers > 0)
    return `refusing to seed demo data: this preview's database already holds ${situation.otherUsers} other account(s), so it may not be a preview's own database`;
  return undefined;
}
