// The floor for `make bench`: the least a Node process must do to answer the API's two benchmarked requests,
// so the API's figures can be read as a ratio to it. Bare node:http, the pg driver, no framework, no ORM.
//   GET /health      SELECT 1, a small JSON document (what /api/health does at its core)
//   GET /properties  jwt.verify (HS256 pinned, iss, aud), the same queries the API's list makes (the user
//                    still exists; the page plus one row; a count only when that row exists) and the rows as JSON
// Usage: node services/dev-tools/src/bench/floor-server.ts   (env: DATABASE_URL, JWT_SECRET, PORT); prints "listening" when up.
import { createServer } from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';

// Pool size and idle time as the API's (db/prisma.ts): 10 connections, idle ones kept 30 s.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, idleTimeoutMillis: 30_000 });
const secret = process.env.JWT_SECRET ?? '';
const port = Number(process.env.PORT ?? 0);

const send = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const server = createServer(async (req, res) => {
  try {
    if (req.url === '/health') {
      const started = performance.now();
      await pool.query('SELECT 1');
      send(res, 200, { status: 'pass', checks: { 'postgresql:responseTime': [{ status: 'pass', observedValue: performance.now() - started }] } });
      return;
    }
    if (req.url?.startsWith('/properties')) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      let userId: string | undefined;
      try {
        const payload = jwt.verify(token ?? '', secret, { algorithms: ['HS256'], issuer: 'monitrax-api', audience: 'monitrax-web' });
        userId = typeof payload === 'object' ? payload.sub : undefined;
      } catch {
        userId = undefined;
      }
      if (!userId) return send(res, 401, { success: false });
      const user = await pool.query('SELECT "id" FROM "public"."User" WHERE "id" = $1 LIMIT 1', [userId]);
      if (user.rowCount === 0) return send(res, 401, { success: false });
      // The API's list: one row more than the page, and a count only when that row exists.
      const found = await pool.query(
        'SELECT "id", "userId", "name", "address", "type"::text, "purchasePrice", "purchaseDate", "currentValue", "createdAt", "updatedAt" FROM "public"."Property" WHERE "userId" = $1 ORDER BY "createdAt" DESC, "id" ASC LIMIT $2 OFFSET $3',
        [userId, 51, 0],
      );
      const rows = found.rows.slice(0, 50);
      const total =
        found.rows.length > 50
          ? Number((await pool.query('SELECT COUNT(*) FROM (SELECT "id" FROM "public"."Property" WHERE "userId" = $1) AS "sub"', [userId])).rows[0].count)
          : rows.length;
      const data = rows.map((row) => ({ ...row, purchasePrice: Number(row.purchasePrice), currentValue: Number(row.currentValue) }));
      send(res, 200, { success: true, data, meta: { total } });
      return;
    }
    send(res, 404, { success: false });
  } catch {
    send(res, 503, { success: false });
  }
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.once('SIGTERM', () => server.close(() => void pool.end()));
