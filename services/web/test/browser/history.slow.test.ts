// The dashboard's net position over time, in Chromium through the web server and the API: a new user is told how the
// history builds up; once the worker's job has written two days, the chart is there, named for assistive technology,
// with every day in a table beside it.
import { createDb, type Database } from '@monitrax/database/create-db';
import { runPortfolioSnapshot } from '@monitrax/worker/jobs/portfolio-snapshot';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, stack, launchBrowser, openPage, registerThroughApi, screenshot, SKIP, signInInBrowser, signUpInBrowser, uniqueUser } from './browser.ts';

describe('net position over time on the dashboard', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let db: Database;

  beforeAll(async () => {
    if (SKIP) return;
    browser = await launchBrowser();
    db = createDb(stack.databaseUrl, { maxConnections: 2 });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await db?.close();
  });

  it.skipIf(SKIP)('explains the history to a new user instead of an empty chart', async ({ onTestFailed }) => {
    ({ context, page, pageErrors } = await openPage(browser));
    onTestFailed(async () => {
      await screenshot(page, 'failed-history-empty').catch(() => {});
    });
    await signUpInBrowser(page, uniqueUser('history-new'));
    const section = page.getByRole('region', { name: 'Net position over time' });
    await section.getByText('Your history builds up one day at a time').waitFor();
    expect(await page.getByRole('figure', { name: 'Net position over time chart' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it.skipIf(SKIP)('draws the line and lists every day once the job has written two', async ({ onTestFailed }) => {
    ({ context, page, pageErrors } = await openPage(browser));
    onTestFailed(async () => {
      await screenshot(page, 'failed-history-chart').catch(() => {});
    });
    const user = uniqueUser('history-two');
    const token = await registerThroughApi(user);
    const property = { name: 'Unit', address: '3 Chart St', type: 'INVESTMENT', purchasePrice: 400000, purchaseDate: '2020-01-01', currentValue: 450000 };
    await apiRequest('POST', '/api/properties', { token, body: property });
    await runPortfolioSnapshot(db, { timeZone: 'Australia/Sydney', date: '2026-11-01' });
    await apiRequest('POST', '/api/accounts', { token, body: { name: 'Savings', institution: 'Bank', type: 'SAVINGS', balance: 12000, loanId: null } });
    await runPortfolioSnapshot(db, { timeZone: 'Australia/Sydney', date: '2026-11-02' });

    await signInInBrowser(page, user);
    const chart = page.getByRole('figure', { name: 'Net position over time chart' });
    await chart.waitFor();
    const caption = await chart.locator('figcaption').innerText();
    expect(caption).toMatch(/\$450,000\.00\).*\$462,000\.00\)/);
    await page.getByText("Show every day's figures").click();
    const rows = page.getByRole('table', { name: 'Net position by day' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().innerText()).toContain('$462,000.00');
    await screenshot(page, 'history-chart');
    expect(pageErrors).toEqual([]);
  });
});
