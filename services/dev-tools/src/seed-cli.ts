// `npm run db:seed` / `make db-seed`: the demo user and portfolio in DATABASE_URL, if missing.
import { hashPassword } from '@monitrax/api/auth/passwords';
import { createDb } from '@monitrax/database/create-db';
import { DEMO_LOGIN, seedDemoData } from '@monitrax/database/seed';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:seed: DATABASE_URL is required');
  process.exit(1);
}
const db = createDb(url, { maxConnections: 2 });
try {
  const outcome = await seedDemoData(db, hashPassword);
  console.log(outcome === 'created' ? `db:seed: created demo user ${DEMO_LOGIN.email}` : `db:seed: demo user ${DEMO_LOGIN.email} already exists, left as is`);
} finally {
  await db.close();
}
