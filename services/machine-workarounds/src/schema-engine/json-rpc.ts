// JSON-RPC 2.0 over stdio, framed as one JSON document per line: the schema engine's protocol.
//
// Both sides send requests. The Prisma CLI calls engine methods (`schemaPush`, `diff`, ...), and the
// engine may call back into the CLI while handling one: `print` (params `{ content }`) makes the CLI
// write text to its stdout, which is how `migrate diff --script` outputs its SQL. The CLI answers
// `print` with `{ result: {} }`, and the engine answers its own request only after that, so the
// printed text comes before whatever the CLI prints when the request completes.
//
// Incoming requests are handled one at a time, in order (the native engine does the same; the wasm
// engine is not meant for concurrent calls). Responses to our own requests are handled as soon as
// they arrive, even while a request is in progress, since that request may be waiting for them.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export type JsonRpcId = number | string;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** Throw this from a handler to answer with a specific JSON-RPC error. */
export class JsonRpcError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'JsonRpcError';
    this.code = code;
    this.data = data;
  }

  toObject(): JsonRpcErrorObject {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INTERNAL_ERROR = -32603;

export type RequestHandler = (method: string, params: unknown, connection: JsonRpcConnection) => Promise<unknown>;

interface PendingRequest {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export interface JsonRpcConnectionOptions {
  input: Readable;
  output: Writable;
  handler: RequestHandler;
  /** Turns anything a handler throws, other than a JsonRpcError, into an error object. */
  toErrorObject?: (error: unknown, method: string) => JsonRpcErrorObject;
}

export class JsonRpcConnection {
  private readonly output: Writable;
  private readonly handler: RequestHandler;
  private readonly toErrorObject: (error: unknown, method: string) => JsonRpcErrorObject;
  private readonly pending = new Map<JsonRpcId, PendingRequest>();
  private nextId = 1;
  private queue: Promise<void> = Promise.resolve();
  /** Resolves once the input has ended and every request read before that has been answered. */
  readonly closed: Promise<void>;

  constructor(options: JsonRpcConnectionOptions) {
    this.output = options.output;
    this.handler = options.handler;
    this.toErrorObject = options.toErrorObject ?? defaultErrorObject;
    const lines = createInterface({ input: options.input, crlfDelay: Infinity });
    lines.on('line', (line) => this.receive(line));
    this.closed = new Promise<void>((resolve) => {
      lines.once('close', () => {
        // Requests still waiting for the peer can never be answered now.
        for (const [id, request] of this.pending) {
          this.pending.delete(id);
          request.reject(new Error('the JSON-RPC peer closed its output before answering'));
        }
        void this.queue.then(resolve);
      });
    });
  }

  /** Sends a request to the peer and resolves with its result. */
  request(method: string, params?: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    });
  }

  private send(message: object): void {
    this.output.write(`${JSON.stringify(message)}\n`);
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.send({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: 'Parse error' } });
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.send({ jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST, message: 'Invalid Request' } });
      return;
    }
    const m = message as { id?: JsonRpcId | null; method?: unknown; params?: unknown; result?: unknown; error?: JsonRpcErrorObject };
    if (typeof m.method === 'string') {
      const id = m.id;
      const method = m.method;
      this.queue = this.queue.then(() => this.handle(id, method, m.params));
      return;
    }
    if (m.id !== undefined && m.id !== null && ('result' in m || 'error' in m)) {
      const pending = this.pending.get(m.id);
      if (!pending) return;
      this.pending.delete(m.id);
      if (m.error) pending.reject(new JsonRpcError(m.error.code, m.error.message, m.error.data));
      else pending.resolve(m.result);
      return;
    }
    this.send({ jsonrpc: '2.0', id: m.id ?? null, error: { code: INVALID_REQUEST, message: 'Invalid Request' } });
  }

  private async handle(id: JsonRpcId | null | undefined, method: string, params: unknown): Promise<void> {
    const isNotification = id === undefined;
    try {
      const result = await this.handler(method, params, this);
      // JSON has no `undefined`; a method without a result answers `null`, as JSON-RPC requires a result.
      if (!isNotification) this.send({ jsonrpc: '2.0', id, result: result === undefined ? null : result });
    } catch (error) {
      const errorObject = error instanceof JsonRpcError ? error.toObject() : this.toErrorObject(error, method);
      if (!isNotification) this.send({ jsonrpc: '2.0', id, error: errorObject });
    }
  }
}

function defaultErrorObject(error: unknown): JsonRpcErrorObject {
  return { code: INTERNAL_ERROR, message: error instanceof Error ? error.message : String(error) };
}
