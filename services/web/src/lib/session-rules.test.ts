import { describe, expect, it } from 'vitest';
import { isProtectedPath, isTokenExpired, maxAgeSeconds, safeNextPath, signInPathFor, tokenExpiry } from './session-rules';

const jwt = (payload: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('protected paths and redirects', () => {
  it('protects the signed-in screens only', () => {
    expect(isProtectedPath('/dashboard')).toBe(true);
    expect(isProtectedPath('/properties/new')).toBe(true);
    expect(isProtectedPath('/income')).toBe(true);
    expect(isProtectedPath('/incomes')).toBe(false);
    expect(isProtectedPath('/status')).toBe(false);
    expect(isProtectedPath('/sign-in')).toBe(false);
  });
  it('only returns to paths of this app after signing in', () => {
    expect(safeNextPath('/loans?page=2')).toBe('/loans?page=2');
    expect(safeNextPath('/status')).toBe('/status');
    expect(safeNextPath('//evil.example')).toBe('/dashboard');
    expect(safeNextPath('/\\evil.example')).toBe('/dashboard');
    expect(safeNextPath('https://evil.example/dashboard')).toBe('/dashboard');
    expect(safeNextPath('/sign-in')).toBe('/dashboard');
    expect(safeNextPath(undefined)).toBe('/dashboard');
  });
  it('builds /sign-in?next=<path>', () => {
    expect(signInPathFor('/properties')).toBe('/sign-in?next=/properties');
    expect(signInPathFor('/loans/new?x=1&y=2')).toBe('/sign-in?next=/loans/new%3Fx%3D1%26y%3D2');
    expect(signInPathFor('//evil')).toBe('/sign-in');
  });
});

describe('token expiry', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('reads exp without verifying', () => {
    expect(tokenExpiry(jwt({ exp: 1_800_000_000 }))).toBe(1_800_000_000);
    expect(tokenExpiry('not-a-jwt')).toBeUndefined();
    expect(tokenExpiry('a.%%%.c')).toBeUndefined();
  });
  it('treats a past exp as expired and leaves unreadable tokens to the API', () => {
    expect(isTokenExpired(jwt({ exp: now / 1000 - 1 }), now)).toBe(true);
    expect(isTokenExpired(jwt({ exp: now / 1000 + 60 }), now)).toBe(false);
    expect(isTokenExpired('garbage', now)).toBe(false);
  });
  it('turns expiresAt into a cookie Max-Age', () => {
    expect(maxAgeSeconds('2026-11-26T00:00:00.000Z', now)).toBe(12 * 60 * 60);
    expect(maxAgeSeconds('2026-11-25T11:00:00.000Z', now)).toBe(1);
    expect(maxAgeSeconds('nonsense', now)).toBe(3600);
  });
});
