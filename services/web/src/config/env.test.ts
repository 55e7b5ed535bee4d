import { describe, expect, it } from 'vitest';
import { EXAMPLE_SECRET_VALUES } from '@monitrax/contract/env';
import { ConfigError, DEVELOPMENT_API_URL, loadWebConfig } from './env';

const SECRET = 's'.repeat(32);
const production = { NODE_ENV: 'production', API_URL: 'https://api.example.com', INTERNAL_API_SECRET: SECRET };
const apiUrl = (API_URL: string | undefined, NODE_ENV = 'development') => loadWebConfig({ API_URL, NODE_ENV }).apiUrl;

describe('API_URL', () => {
  it('defaults to the local API outside production', () => {
    expect(apiUrl(undefined)).toBe(DEVELOPMENT_API_URL);
    expect(loadWebConfig({}).apiUrl).toBe(DEVELOPMENT_API_URL);
  });
  it('is required in production', () => {
    expect(() => loadWebConfig({ ...production, API_URL: undefined })).toThrow(ConfigError);
    expect(() => loadWebConfig({ ...production, API_URL: '  ' })).toThrow(/API_URL: is required in production/);
  });
  it('is normalised to a base URL', () => {
    expect(loadWebConfig({ ...production, API_URL: 'https://api.example.com/' }).apiUrl).toBe('https://api.example.com');
    expect(apiUrl('http://127.0.0.1:4100/api/')).toBe('http://127.0.0.1:4100');
    expect(apiUrl('http://api.internal:4000/monitrax')).toBe('http://api.internal:4000/monitrax');
  });
  it("takes Render's private-network host:port (fromService property hostport) as plain http", () => {
    expect(loadWebConfig({ ...production, API_URL: 'monitrax-api-x7k2:4000' }).apiUrl).toBe('http://monitrax-api-x7k2:4000');
  });
  it.each(['api.example.com', 'ftp://api.example.com', 'https://user:pw@api.example.com', 'https://api.example.com/?x=1'])('refuses %s', (value) => {
    expect(() => apiUrl(value)).toThrow(/^Invalid configuration:\n {2}- API_URL: /);
  });
});

describe('INTERNAL_API_SECRET', () => {
  it('is required in production, 32 characters or more, with the same rule as the API', () => {
    expect(() => loadWebConfig({ ...production, INTERNAL_API_SECRET: undefined })).toThrow(/INTERNAL_API_SECRET: is required in production/);
    expect(() => loadWebConfig({ INTERNAL_API_SECRET: 'short' })).toThrow(/INTERNAL_API_SECRET: must be at least 32 characters/);
    expect(loadWebConfig({}).internalApiSecret).toBeUndefined();
    expect(loadWebConfig(production).internalApiSecret).toBe(SECRET);
  });
  it(".env.example's value is refused in production, with one line, and accepted elsewhere", () => {
    for (const value of EXAMPLE_SECRET_VALUES.filter((example) => example.length >= 32)) {
      expect(() => loadWebConfig({ ...production, INTERNAL_API_SECRET: value })).toThrow(/INTERNAL_API_SECRET: is a placeholder/);
      expect(loadWebConfig({ INTERNAL_API_SECRET: value }).internalApiSecret).toBe(value);
    }
  });
});

describe('TRUST_PROXY', () => {
  it('is a hop count from 0 to 10', () => {
    expect(loadWebConfig({}).trustedHops).toBe(0);
    expect(loadWebConfig({ TRUST_PROXY: '1' }).trustedHops).toBe(1);
    expect(() => loadWebConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => loadWebConfig({ TRUST_PROXY: '11' })).toThrow(/TRUST_PROXY/);
  });
});

describe('the whole environment', () => {
  it('names every problem at once, each with its variable, never a value', () => {
    let error: unknown;
    try {
      loadWebConfig({ NODE_ENV: 'production', INTERNAL_API_SECRET: 'tiny-secret-value', TRUST_PROXY: '99' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.split(':')[0])).toEqual(['INTERNAL_API_SECRET', 'TRUST_PROXY', 'API_URL']);
    expect((error as Error).message).not.toContain('tiny-secret-value');
  });
});
