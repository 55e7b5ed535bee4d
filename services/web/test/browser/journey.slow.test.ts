// A person's journey through Monitrax in a real browser, against the real web app, API and
// PostgreSQL: sign up -> empty dashboard -> add a property -> add a loan on it -> the dashboard's
// figures -> edit the property -> delete the loan -> sign out. Steps run in order and share one
// browser context (the signed-in session), as a person would.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEVICE_COOKIE_NAMES } from '../../src/lib/session-rules.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  stack,
  exactly,
  launchBrowser,
  newCookies,
  openPage,
  POLL,
  screenshot,
  signUpInBrowser,
  SKIP,
  summaryFigure,
  tableCell,
  uniqueUser,
  waitForPath,
} from './browser.ts';

const user = uniqueUser('journey');
const PROPERTY = { name: `Family home ${Date.now().toString(36)}`, address: '12 Rathdowne St, Carlton VIC 3053' };
const LENDER = 'Harbour Bank';

describe('the journey of a new user', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let sessionCookies: string[] = [];
  /** The journey is one story: after a failed step the later ones are skipped, not failed again. */
  let failedStep: string | undefined;

  beforeAll(async () => {
    if (SKIP) return;
    browser = await launchBrowser();
    ({ context, page, pageErrors } = await openPage(browser));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const step = (name: string, run: () => Promise<void>) =>
    it.skipIf(SKIP)(name, async ({ onTestFailed, skip }) => {
      if (failedStep) skip(`an earlier step failed: ${failedStep}`);
      onTestFailed(async () => {
        failedStep = name;
        await screenshot(page, `failed-journey-${name}`).catch(() => {});
      });
      await run();
    });

  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const mainTable = () => page.getByRole('table');

  step('signs up with a new email and lands on the dashboard', async () => {
    const before = new Set((await context.cookies(stack.webUrl)).map((cookie) => cookie.name));
    await signUpInBrowser(page, user);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    // The session cookie the sign-up set: not readable by scripts, not sent on cross-site posts.
    const session = await newCookies(context, before);
    sessionCookies = session.map((cookie) => cookie.name);
    expect(sessionCookies, 'sign-up set no cookie').not.toHaveLength(0);
    for (const cookie of session) {
      expect({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }).toEqual({
        name: cookie.name,
        httpOnly: true,
        sameSite: 'Lax',
      });
    }
  });

  step('shows the empty state before there are any properties', async () => {
    await page.getByText('No properties yet').first().waitFor();
    await page.getByRole('link', { name: 'Add your first property', exact: true }).click();
    await waitForPath(page, '/properties/new');
    await page.getByRole('heading', { level: 1, name: 'Add property' }).waitFor();
  });

  step('adds a property', async () => {
    await page.getByLabel('Name', { exact: true }).fill(PROPERTY.name);
    await page.getByLabel('Address', { exact: true }).fill(PROPERTY.address);
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Home' });
    await page.getByLabel('Purchase price', { exact: true }).fill('500000');
    await page.getByLabel('Purchase date', { exact: true }).fill('2017-03-18');
    await page.getByLabel('Current value', { exact: true }).fill('800000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await waitForPath(page, '/properties');
    await page.getByRole('status').filter({ hasText: 'Property saved' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Properties' }).waitFor();
    const row = mainTable().getByRole('row').filter({ hasText: PROPERTY.name });
    await expect.poll(() => row.innerText(), POLL).toContain('$800,000.00');
  });

  step('adds a fortnightly loan linked to the property', async () => {
    await nav().getByRole('link', { name: 'Loans', exact: true }).click();
    await waitForPath(page, '/loans');
    await page.getByText('No loans yet').first().waitFor();
    await page.getByRole('link', { name: 'Add loan', exact: true }).click();
    await waitForPath(page, '/loans/new');
    await page.getByRole('heading', { level: 1, name: 'Add loan' }).waitFor();

    await page.getByLabel('Lender', { exact: true }).fill(LENDER);
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Home' });
    await page.getByLabel('Rate type', { exact: true }).selectOption({ label: 'Variable' });
    await page.getByLabel('Interest rate (%)', { exact: true }).fill('6.19');
    await page.getByLabel('Principal', { exact: true }).fill('640000');
    await page.getByLabel('Current balance', { exact: true }).fill('600000');
    await page.getByLabel('Repayment amount', { exact: true }).fill('1864.20');
    await page.getByLabel('Repayment frequency', { exact: true }).selectOption({ label: 'Fortnightly' });
    await page.getByLabel('Property', { exact: true }).selectOption({ label: PROPERTY.name });
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await waitForPath(page, '/loans');
    await page.getByRole('status').filter({ hasText: 'Loan saved' }).waitFor();
    const row = mainTable().getByRole('row').filter({ hasText: LENDER });
    await expect.poll(() => row.innerText(), POLL).toContain('$600,000.00');
  });

  step('shows the net position, debt and LVR on the dashboard', async () => {
    await nav().getByRole('link', { name: 'Dashboard', exact: true }).click();
    await waitForPath(page, '/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    await expect.poll(() => summaryFigure(page, 'Net position').innerText(), POLL).toContain('$200,000.00');
    await expect.poll(() => summaryFigure(page, 'Property value').innerText(), POLL).toContain('$800,000.00');
    await expect.poll(() => summaryFigure(page, 'Debt').innerText(), POLL).toContain('$600,000.00');
    await expect.poll(() => summaryFigure(page, 'Equity').innerText(), POLL).toContain('$200,000.00');
    for (const term of ['Monthly income', 'Monthly expenses', 'Monthly cash flow']) {
      await expect.poll(() => summaryFigure(page, term).innerText(), POLL).toMatch(/-?\$[\d,]+\.\d\d/);
    }

    const properties = page.getByRole('table', { name: 'Properties' });
    const lvr = await tableCell(properties, PROPERTY.name, 'LVR');
    await expect.poll(() => lvr.innerText(), POLL).toMatch(exactly('75.00%'));
    const loans = await tableCell(properties, PROPERTY.name, 'Loans');
    await expect.poll(() => loans.innerText(), POLL).toContain('$600,000.00');

    const chart = page
      .getByRole('figure', { name: 'Monthly cash flow chart', exact: true })
      .or(page.getByRole('img', { name: 'Monthly cash flow chart', exact: true }));
    await chart.first().waitFor();

    await screenshot(page, 'dashboard');
  });

  step('edits the property value, and the LVR follows', async () => {
    await nav().getByRole('link', { name: 'Properties', exact: true }).click();
    await waitForPath(page, '/properties');
    await page.getByRole('link', { name: `Edit ${PROPERTY.name}`, exact: true }).click();
    await waitForPath(page, /^\/properties\/[^/]+\/edit$/);
    await page.getByRole('heading', { level: 1, name: 'Edit property' }).waitFor();

    const value = page.getByLabel('Current value', { exact: true });
    await expect.poll(() => value.inputValue(), POLL).toMatch(/^800000(\.0+)?$/);
    await value.fill('960000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitForPath(page, '/properties');
    await page.getByRole('status').filter({ hasText: 'Property saved' }).waitFor();

    await nav().getByRole('link', { name: 'Dashboard', exact: true }).click();
    await waitForPath(page, '/dashboard');
    const lvr = await tableCell(page.getByRole('table', { name: 'Properties' }), PROPERTY.name, 'LVR');
    await expect.poll(() => lvr.innerText(), POLL).toMatch(exactly('62.50%'));
    await expect.poll(() => summaryFigure(page, 'Net position').innerText(), POLL).toContain('$360,000.00');
  });

  step('deletes the loan after confirming (and not before)', async () => {
    await nav().getByRole('link', { name: 'Loans', exact: true }).click();
    await waitForPath(page, '/loans');
    const deleteButton = page.getByRole('button', { name: `Delete ${LENDER}`, exact: true });
    const dialog = page
      .getByRole('dialog', { name: `Delete ${LENDER}?`, exact: true })
      .or(page.getByRole('alertdialog', { name: `Delete ${LENDER}?`, exact: true }));

    await deleteButton.click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await mainTable().getByRole('row').filter({ hasText: LENDER }).waitFor();

    await deleteButton.click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('No loans yet').first().waitFor();

    await nav().getByRole('link', { name: 'Dashboard', exact: true }).click();
    await waitForPath(page, '/dashboard');
    await expect.poll(() => summaryFigure(page, 'Debt').innerText(), POLL).toContain('$0.00');
    await expect.poll(() => summaryFigure(page, 'Net position').innerText(), POLL).toContain('$960,000.00');
  });

  step('signs out, and the dashboard then asks to sign in', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await waitForPath(page, '/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const left = (await context.cookies(stack.webUrl)).filter((cookie) => sessionCookies.includes(cookie.name));
    // The session is gone; the device cookie stays on purpose (this browser has signed in to the account before:
    // its sign-ins spend a budget of their own, docs/security.md).
    expect(
      left.map((cookie) => cookie.name),
      'session cookie still set after signing out',
    ).toEqual([DEVICE_COOKIE_NAMES.production]);

    await page.goto('/dashboard');
    await waitForPath(page, '/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  });

  it.skipIf(SKIP)('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
