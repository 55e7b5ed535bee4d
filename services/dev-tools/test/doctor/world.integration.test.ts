// The real probes against servers this test starts on the loopback interface.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { httpGet, queryServer, readEnvFile, speaksPostgres } from '../../src/doctor/world.ts';

const servers: Array<http.Server | net.Server> = [];
const sockets = new Set<net.Socket>();
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

async function listen<S extends http.Server | net.Server>(server: S): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as net.AddressInfo).port;
}

describe('readEnvFile', () => {
  it('parses .env in the given folder without touching process.env', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'doctor-env-'));
    try {
      writeFileSync(path.join(dir, '.env'), '# comment\nDOCTOR_ONLY_IN_FILE=1\nJWT_SECRET="quoted value"\n');
      const file = readEnvFile(dir);
      expect(file).toEqual({ path: path.join(dir, '.env'), exists: true, values: { DOCTOR_ONLY_IN_FILE: '1', JWT_SECRET: 'quoted value' } });
      expect(process.env.DOCTOR_ONLY_IN_FILE).toBeUndefined();
      rmSync(path.join(dir, '.env'));
      expect(readEnvFile(dir)).toEqual({ path: path.join(dir, '.env'), exists: false, values: {} });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('httpGet', () => {
  it('returns the answer of a running server', async () => {
    const port = await listen(
      http.createServer((req, res) => {
        res.writeHead(req.url === '/api/health' ? 503 : 404, { 'content-type': 'application/health+json' }).end('{"status":"fail"}');
      }),
    );
    expect(await httpGet(port, '/api/health', 2_000)).toEqual({
      kind: 'answered',
      status: 503,
      contentType: 'application/health+json',
      body: '{"status":"fail"}',
    });
  });

  it('says "refused" when nothing listens', async () => {
    expect(await httpGet(await findFreePort(), '/api/health', 2_000)).toEqual({ kind: 'refused' });
  });

  it('gives up after its time limit on a server that never answers', async () => {
    const port = await listen(http.createServer(() => {}));
    expect(await httpGet(port, '/api/health', 200)).toEqual({ kind: 'timeout', timeoutMs: 200 });
  });
});

describe('speaksPostgres', () => {
  it("recognises a server that answers PostgreSQL's SSLRequest", async () => {
    const port = await listen(
      net.createServer((socket) => {
        socket.once('data', (data) => {
          if (data.length === 8 && data.readUInt32BE(4) === 80877103) socket.end('N');
        });
      }),
    );
    expect(await speaksPostgres(port, 1_000)).toBe(true);
  });

  it('is false for other servers and closed ports', async () => {
    const port = await listen(net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    expect(await speaksPostgres(port, 1_000)).toBe(false);
    expect(await speaksPostgres(await findFreePort(), 1_000)).toBe(false);
  });
});

describe('queryServer', () => {
  it("rejects with the driver's error code when nothing listens", async () => {
    const port = await findFreePort();
    await expect(queryServer(`postgresql://u:p@127.0.0.1:${port}/db`, 1_000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
