// Browser helpers for the browser tests: Debian's Chromium driven by playwright-core, one browser and a
// fresh context per test file, screenshots under test-results/browser/, and the few page queries the
// tests share (by role and accessible name only, as the UI contract defines them).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { BrowserTestStack } from './global-setup.ts';
import { REPO_ROOT } from '@monitrax/database/paths';
import { CHROMIUM_ARGS } from '@monitrax/test-support/chromium';
import { linkIn, mailsIn, type ReceivedMail } from '@monitrax/test-support/mailbox';
import { signUpToken } from '@monitrax/test-support/outbox';

export const stack: BrowserTestStack = inject('monitraxBrowser');
/** True when there is no Chromium: every browser test is skipped by name (global-setup says why). */
export const SKIP = stack.skipReason !== null;

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results/browser');

/** Bounded waits: a step that takes longer than this is a failure, not a slow machine. */
export const ACTION_TIMEOUT_MS = 10_000;
export const NAVIGATION_TIMEOUT_MS = 20_000;
export const POLL = { timeout: ACTION_TIMEOUT_MS, interval: 100 } as const;

/**
 * One browser per test file. `launch()` gives Chromium a fresh temporary user data dir of its own
 * (removed again on close), so no profile state carries over between files or runs.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: stack.chromiumPath, args: [...CHROMIUM_ARGS], timeout: 30_000 });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions thrown in the page (a broken client bundle, hydration failures). */
  pageErrors: string[];
}

/** A fresh context (no cookies, no storage) with one page on the web app. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    baseURL: stack.webUrl,
    locale: 'en-AU',
    timezoneId: 'Australia/Melbourne',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return { context, page, pageErrors };
}

/** Full-page PNG at test-results/browser/<name>.png (repo root); returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits until the page is at `pathname` (query and hash ignored). */
export function waitForPath(page: Page, pathname: string | RegExp): Promise<void> {
  return page.waitForURL((url) => (typeof pathname === 'string' ? url.pathname === pathname : pathname.test(url.pathname)), {
    timeout: NAVIGATION_TIMEOUT_MS,
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whole-text match, ignoring surrounding white space. */
export const exactly = (text: string) => new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);

/**
 * A dashboard summary figure, which the contract allows as a `dl` term/definition pair or as a card
 * whose accessible name is the term. Resolves to the element holding the value (the definition, or
 * the whole card).
 */
export function summaryFigure(page: Page, term: string): Locator {
  const definition = page
    .getByRole('term')
    .filter({ hasText: exactly(term) })
    .locator('xpath=following-sibling::*[1]');
  let card = page.getByRole('region', { name: term, exact: true });
  for (const role of ['group', 'article', 'figure', 'listitem', 'status', 'note'] as const) {
    card = card.or(page.getByRole(role, { name: term, exact: true }));
  }
  return definition.or(card).first();
}

/** The cell of `table` in the row containing `rowText`, under the column header `column`. */
export async function tableCell(table: Locator, rowText: string, column: string): Promise<Locator> {
  const headers = table.getByRole('columnheader');
  await headers.first().waitFor();
  const names = (await headers.allInnerTexts()).map((name) => name.trim());
  const index = names.indexOf(column);
  if (index < 0) throw new Error(`table has no column "${column}" (columns: ${names.join(', ')})`);
  const row = table.getByRole('row').filter({ hasText: rowText });
  // A row's first cell may be a row header (th scope=row); `or` keeps document order.
  return row.getByRole('rowheader').or(row.getByRole('cell')).nth(index);
}

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

let userCount = 0;
export function uniqueUser(label: string): TestUser {
  userCount += 1;
  const id = `${Date.now().toString(36)}${userCount}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `E2E ${label}`, email: `e2e-${label}-${id}@example.com`, password: `pw-${id}-Correct-Horse` };
}

export const CONFIRM_SUBJECT = 'Finish creating your Monitrax account';
export const ATTEMPT_SUBJECT = 'Someone tried to sign up to Monitrax with your address';

/** The newest mail with `subject` the worker sent to `email` (through SMTP to the run's mailbox), once it has arrived. */
export async function mailTo(email: string, subject: string): Promise<ReceivedMail> {
  const deadline = Date.now() + NAVIGATION_TIMEOUT_MS;
  for (;;) {
    const mail = (await mailsIn(stack.mailboxFolder)).filter((received) => received.to.includes(email) && received.subject === subject).at(-1);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail reached ${email} within ${NAVIGATION_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL.interval)); // the mailbox is another process's folder
  }
}

/** Signs up as a person does: the form, the mail, its link, the confirmation; ends on the dashboard. */
export async function signUpInBrowser(page: Page, user: TestUser): Promise<void> {
  await page.goto('/sign-up');
  await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(user.name);
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `we sent a mail to ${user.email}` })
    .waitFor();
  await page.goto(linkIn(await mailTo(user.email, CONFIRM_SUBJECT)));
  await confirmInBrowser(page, user.password);
  await waitForPath(page, '/dashboard');
}

/** On the sign-up link's page: the password chosen at sign-up, then the button that creates the account. */
export async function confirmInBrowser(page: Page, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Confirm your email' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create my account', exact: true }).click();
}

/** Fills the sign-in form on the current page (already at /sign-in). */
export async function submitSignIn(page: Page, user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function signInInBrowser(page: Page, user: TestUser): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, user);
  await waitForPath(page, '/dashboard');
}

/** Test data through the API itself (fast; the UI for these is exercised by the journey). */
export async function apiRequest<T>(method: string, route: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${stack.apiUrl}${route}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(ACTION_TIMEOUT_MS),
  });
  const envelope = (await response.json()) as { success: boolean; data: T; error: { code: string; message: string } | null };
  if (!response.ok || !envelope.success) {
    throw new Error(`${method} ${route} -> ${response.status} ${envelope.error?.code}: ${envelope.error?.message}`);
  }
  return envelope.data;
}

/** Signs up through the API (request, then the mailed link); returns the session token. */
export async function registerThroughApi(user: TestUser): Promise<string> {
  await apiRequest('POST', '/api/auth/register', { body: user });
  const token = signUpToken(linkIn(await mailTo(user.email, CONFIRM_SUBJECT)));
  return (await apiRequest<{ token: string }>('POST', '/api/auth/confirm', { body: { token, password: user.password } })).token;
}

/** Cookies that appeared in `context` for the web app since `before` (by name). */
export async function newCookies(context: BrowserContext, before: ReadonlySet<string>) {
  return (await context.cookies(stack.webUrl)).filter((cookie) => !before.has(cookie.name));
}
