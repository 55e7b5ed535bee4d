import { describe, expect, it } from 'vitest';
import { ArgsError, parseArgs } from './args.ts';

describe('parseArgs', () => {
  it('reads the arguments the Prisma CLI passes in RPC mode', () => {
    expect(
      parseArgs([
        '--datamodels',
        'prisma/schema.prisma',
        '--datamodels',
        'prisma/other.prisma',
        '--datasource',
        '{"url":"postgresql://u:p@h:5432/db","shadowDatabaseUrl":"postgresql://u:p@h:5432/shadow"}',
        '--enabled-preview-features',
        'views, relationJoins',
        '--extension-types',
        '{"types":[]}',
      ]),
    ).toEqual({
      mode: 'rpc',
      datamodels: ['prisma/schema.prisma', 'prisma/other.prisma'],
      datasource: { url: 'postgresql://u:p@h:5432/db', shadowDatabaseUrl: 'postgresql://u:p@h:5432/shadow' },
      enabledPreviewFeatures: ['views', 'relationJoins'],
      extensionTypes: { types: [] },
    });
  });

  it('accepts --flag=value and no arguments at all', () => {
    expect(parseArgs(['--datamodels=a.prisma'])).toMatchObject({ mode: 'rpc', datamodels: ['a.prisma'], datasource: undefined });
    expect(parseArgs([])).toMatchObject({ mode: 'rpc', datamodels: [] });
  });

  it('reads `cli` subcommands with the datasource before them, as the CLI passes it', () => {
    expect(parseArgs(['--datasource', '{"url":"postgresql://h/db"}', 'cli', 'can-connect-to-database'])).toEqual({
      mode: 'cli',
      command: 'can-connect-to-database',
      datasource: { url: 'postgresql://h/db', shadowDatabaseUrl: undefined },
    });
    expect(parseArgs(['cli', 'create-database', '--datasource', '{"url":"postgresql://h/db"}'])).toMatchObject({
      mode: 'cli',
      command: 'create-database',
    });
  });

  it('treats a null shadowDatabaseUrl as not set', () => {
    expect(parseArgs(['--datasource', '{"url":"postgresql://h/db","shadowDatabaseUrl":null}'])).toMatchObject({
      datasource: { url: 'postgresql://h/db', shadowDatabaseUrl: undefined },
    });
  });

  it('recognises --version and --help', () => {
    expect(parseArgs(['--version'])).toEqual({ mode: 'version' });
    expect(parseArgs(['-V'])).toEqual({ mode: 'version' });
    expect(parseArgs(['--datamodels', 'x', '--help'])).toEqual({ mode: 'help' });
  });

  it('rejects what it does not understand', () => {
    expect(() => parseArgs(['--datamodels'])).toThrow(ArgsError);
    expect(() => parseArgs(['--datasource', 'not json'])).toThrow(/JSON/);
    expect(() => parseArgs(['--datasource', '"a string"'])).toThrow(/object/);
    expect(() => parseArgs(['--datasource', '{"url":5}'])).toThrow(/url/);
    expect(() => parseArgs(['cli'])).toThrow(/needs a command/);
    expect(() => parseArgs(['cli', 'format-disk'])).toThrow(/unknown cli command/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unexpected argument/);
  });
});
