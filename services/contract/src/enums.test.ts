// The contract's enums (a committed copy of Prisma's generated ones, for the browser) must match
// prisma/schema.prisma: run `make generate` after changing an enum there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as enums from './enums.ts';

const schema = readFileSync(new URL('../../../prisma/schema.prisma', import.meta.url), 'utf8');

function schemaEnums(text: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const match of text.matchAll(/^enum\s+(\w+)\s*\{([^}]*)\}/gm)) {
    found[match[1]!] = match[2]!
      .split('\n')
      .map(
        (line) =>
          line
            .replace(/\/\/.*$/, '')
            .trim()
            .split(/\s+/)[0] ?? '',
      )
      .filter((value) => /^\w+$/.test(value));
  }
  return found;
}

describe('the contract enums', () => {
  it('are the enums of prisma/schema.prisma, value for value (else: make generate)', () => {
    const fromContract = Object.fromEntries(Object.entries(enums).map(([name, values]) => [name, Object.values(values as Record<string, string>)]));
    expect(fromContract).toEqual(schemaEnums(schema));
  });
});
