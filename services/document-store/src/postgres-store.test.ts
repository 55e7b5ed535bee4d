// How an upload is cut into DocumentChunk rows: whatever sizes the network hands over, every piece but the last holds
// exactly the piece size, nothing is lost or repeated, and an empty file writes no piece at all.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pieces } from './postgres-store.ts';

async function* arriving(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let turn = 0; offset < bytes.length; turn += 1) {
    const size = sizes[turn % sizes.length]!;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

async function cut(source: AsyncIterable<Buffer>, size: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const piece of pieces(source, size)) out.push(piece);
  return out;
}

describe('pieces', () => {
  it('cuts buffers of any size into pieces of exactly the size, the last one shorter, the bytes in order', async () => {
    const file = randomBytes(10_000);
    const out = await cut(arriving(file, [1, 999, 4096, 7, 3000]), 1024);
    expect(out.map((piece) => piece.length)).toEqual([...Array(9).fill(1024), 10_000 - 9 * 1024]);
    expect(Buffer.concat(out).equals(file)).toBe(true);
  });

  it('gives no empty last piece when the file is a whole number of pieces', async () => {
    const file = randomBytes(3 * 512);
    const out = await cut(arriving(file, [700]), 512);
    expect(out.map((piece) => piece.length)).toEqual([512, 512, 512]);
    expect(Buffer.concat(out).equals(file)).toBe(true);
  });

  it('cuts one buffer larger than several pieces', async () => {
    const file = randomBytes(2_500);
    const out = await cut(arriving(file, [2_500]), 1_000);
    expect(out.map((piece) => piece.length)).toEqual([1_000, 1_000, 500]);
    expect(Buffer.concat(out).equals(file)).toBe(true);
  });

  it('gives no piece for an empty file, or for empty buffers', async () => {
    expect(await cut(arriving(Buffer.alloc(0), [10]), 8)).toEqual([]);
    async function* empties() {
      yield Buffer.alloc(0);
      yield Buffer.alloc(0);
    }
    expect(await cut(empties(), 8)).toEqual([]);
  });
});
