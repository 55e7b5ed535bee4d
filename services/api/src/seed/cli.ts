// `npm run db:seed` / `make db-seed`, and Render's initialDeployHook in a preview environment (from the API image):
// the demo user and portfolio in DATABASE_URL, if missing; refused on a production database (demo-seed-rule.ts).
// `--if-preview` (render.yaml's hook): outside a preview environment it writes nothing and exits 0, so that a hook
// Render might also run at the first deploy of production never fails that deploy.
// `--remote`: the database on another host is not production (refused otherwise outside production mode).
// Exit codes: 0 seeded, already there, or (--if-preview) not a preview; 1 refused or failed.
import { createDb } from '@monitrax/database/create-db';
import { DEMO_LOGIN, seedDemoData } from '@monitrax/database/seed';
import { hashPassword } from '../auth/passwords.ts';
import { demoSeedRefusal } from './demo-seed-rule.ts';

const ifPreview = process.argv.includes('--if-preview');
const notPreview = process.env.NODE_ENV === 'production' && process.env.IS_PULL_REQUEST !== 'true';
if (ifPreview && notPreview) {
  console.log('db:seed: not a Render preview environment; production is never seeded');
  process.exit(0);
}
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:seed: DATABASE_URL is required');
  process.exit(1);
}
const db = createDb(url, { maxConnections: 2 });
try {
  const otherUsers = await db.prisma.user.count({ where: { email: { not: DEMO_LOGIN.email } } });
  const refusal = demoSeedRefusal({
    nodeEnv: process.env.NODE_ENV,
    isPullRequest: process.env.IS_PULL_REQUEST,
    otherUsers,
    databaseHost: new URL(url).hostname,
    remoteAllowed: process.argv.includes('--remote'),
  });
  if (refusal) {
    console.error(`db:seed: ${refusal}`);
    process.exitCode = 1;
  } else {
    const outcome = await seedDemoData(db, hashPassword);
    console.log(outcome === 'created' ? `db:seed: created demo user ${DEMO_LOGIN.email}` : `db:seed: demo user ${DEMO_LOGIN.email} already exists, left as is`);
  }
} finally {
  await db.close();
}
