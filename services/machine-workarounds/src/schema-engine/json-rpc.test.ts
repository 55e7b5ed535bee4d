import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JsonRpcConnection, JsonRpcError, METHOD_NOT_FOUND, PARSE_ERROR } from './json-rpc.ts';
import type { RequestHandler } from './json-rpc.ts';

/** A connection wired to in-memory streams, with helpers to talk to it as the Prisma CLI would. */
function harness(handler: RequestHandler) {
  const input = new PassThrough();
  const output = new PassThrough();
  const connection = new JsonRpcConnection({ input, output, handler });
  const received: unknown[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  output.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      received.push(JSON.parse(buffer.slice(0, newline)));
      buffer = buffer.slice(newline + 1);
      for (const wake of waiters.splice(0)) wake();
    }
  });
  return {
    connection,
    received,
    send: (message: unknown) => input.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`),
    end: () => input.end(),
    /** Resolves once `count` messages have been written by the connection. */
    async messages(count: number): Promise<unknown[]> {
      while (received.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return received.slice(0, count);
    },
  };
}

describe('JsonRpcConnection', () => {
  it('answers a request with its result, one JSON document per line', async () => {
    const h = harness(async (method, params) => ({ method, params }));
    h.send({ jsonrpc: '2.0', id: 1, method: 'schemaPush', params: { force: false } });
    expect(await h.messages(1)).toEqual([{ jsonrpc: '2.0', id: 1, result: { method: 'schemaPush', params: { force: false } } }]);
    h.end();
    await h.connection.closed;
  });

  it('turns a handler without result into `null` (JSON-RPC requires a result member)', async () => {
    const h = harness(async () => undefined);
    h.send({ jsonrpc: '2.0', id: 7, method: 'reset' });
    expect(await h.messages(1)).toEqual([{ jsonrpc: '2.0', id: 7, result: null }]);
    h.end();
  });

  it('sends a JsonRpcError as the error member, and other errors through toErrorObject', async () => {
    const h = harness(async (method) => {
      if (method === 'unknown') throw new JsonRpcError(METHOD_NOT_FOUND, 'Method not found', { method });
      throw new Error('boom');
    });
    h.send({ jsonrpc: '2.0', id: 1, method: 'unknown' });
    h.send({ jsonrpc: '2.0', id: 2, method: 'diff' });
    expect(await h.messages(2)).toEqual([
      { jsonrpc: '2.0', id: 1, error: { code: METHOD_NOT_FOUND, message: 'Method not found', data: { method: 'unknown' } } },
      { jsonrpc: '2.0', id: 2, error: { code: -32603, message: 'boom' } },
    ]);
    h.end();
  });

  it('answers garbage with a parse error and keeps going', async () => {
    const h = harness(async () => 'ok');
    h.send('{not json');
    h.send({ jsonrpc: '2.0', id: 3, method: 'version' });
    const [first, second] = await h.messages(2);
    expect(first).toEqual({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: 'Parse error' } });
    expect(second).toEqual({ jsonrpc: '2.0', id: 3, result: 'ok' });
    h.end();
  });

  it('does not answer notifications (requests without id)', async () => {
    const seen: string[] = [];
    const h = harness(async (method) => {
      seen.push(method);
      return 'ignored';
    });
    h.send({ jsonrpc: '2.0', method: 'notify' });
    h.send({ jsonrpc: '2.0', id: 1, method: 'after' });
    expect(await h.messages(1)).toEqual([{ jsonrpc: '2.0', id: 1, result: 'ignored' }]);
    expect(seen).toEqual(['notify', 'after']);
    h.end();
  });

  it('handles requests one at a time, in the order received', async () => {
    const events: string[] = [];
    let release!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (release = resolve));
    const h = harness(async (method) => {
      events.push(`start ${method}`);
      if (method === 'first') await firstMayFinish;
      events.push(`end ${method}`);
      return method;
    });
    h.send({ jsonrpc: '2.0', id: 1, method: 'first' });
    h.send({ jsonrpc: '2.0', id: 2, method: 'second' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['start first']);
    release();
    const answers = await h.messages(2);
    expect(answers.map((m) => (m as { id: number }).id)).toEqual([1, 2]);
    expect(events).toEqual(['start first', 'end first', 'start second', 'end second']);
    h.end();
  });

  it('lets a handler call the peer (print) and answers only after the peer replied', async () => {
    const h = harness(async (_method, _params, connection) => {
      const reply = await connection.request('print', { content: 'CREATE TABLE "A" ();' });
      return { exitCode: 0, stdout: null, printReply: reply };
    });
    h.send({ jsonrpc: '2.0', id: 1, method: 'diff', params: {} });
    const printRequest = (await h.messages(1))[0] as { id: number; method: string; params: unknown };
    expect(printRequest).toMatchObject({ jsonrpc: '2.0', method: 'print', params: { content: 'CREATE TABLE "A" ();' } });
    expect(h.received).toHaveLength(1); // no answer to `diff` before the CLI answered `print`
    h.send({ jsonrpc: '2.0', id: printRequest.id, result: {} });
    const [, answer] = await h.messages(2);
    expect(answer).toEqual({ jsonrpc: '2.0', id: 1, result: { exitCode: 0, stdout: null, printReply: {} } });
    h.end();
    await h.connection.closed;
  });

  it('rejects a request to the peer with the error it answered', async () => {
    const h = harness(async (_method, _params, connection) => {
      try {
        await connection.request('print', { content: 'x' });
        return 'unexpected';
      } catch (error) {
        return (error as JsonRpcError).code;
      }
    });
    h.send({ jsonrpc: '2.0', id: 1, method: 'diff' });
    const printRequest = (await h.messages(1))[0] as { id: number };
    h.send({ jsonrpc: '2.0', id: printRequest.id, error: { code: -32000, message: 'nope' } });
    expect((await h.messages(2))[1]).toEqual({ jsonrpc: '2.0', id: 1, result: -32000 });
    h.end();
  });

  it('resolves `closed` after the input ends and every request read before has been answered', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const h = harness(async () => {
      await slow;
      return 'done';
    });
    h.send({ jsonrpc: '2.0', id: 1, method: 'applyMigrations' });
    h.end();
    let closed = false;
    void h.connection.closed.then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release();
    await h.connection.closed;
    expect(h.received).toEqual([{ jsonrpc: '2.0', id: 1, result: 'done' }]);
  });

  it('fails pending requests to the peer when the peer goes away', async () => {
    const h = harness(async (_method, _params, connection) => {
      await connection.request('print', { content: 'x' });
      return 'unreachable';
    });
    h.send({ jsonrpc: '2.0', id: 1, method: 'diff' });
    await h.messages(1);
    h.end();
    await h.connection.closed;
    expect(h.received[1]).toMatchObject({ id: 1, error: { message: expect.stringContaining('closed') } });
  });
});
