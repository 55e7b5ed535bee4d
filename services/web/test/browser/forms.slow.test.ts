// Validation errors from the API appear next to the field they are about: the input is marked
// aria-invalid="true" and its aria-describedby points at the message.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, POLL, registerThroughApi, screenshot, signInInBrowser, SKIP, uniqueUser, waitForPath } from './browser.ts';

/** The text of every element the field's aria-describedby names. */
async function descriptionOf(page: Page, field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

describe('field errors', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  const user = uniqueUser('forms');

  beforeAll(async () => {
    if (SKIP) return;
    await registerThroughApi(user);
    browser = await launchBrowser();
    ({ context, page, pageErrors } = await openPage(browser));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it.skipIf(SKIP)('a negative purchase price is refused next to the field, and can be corrected', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-forms-property').catch(() => {});
    });
    await signInInBrowser(page, user);
    await page.goto('/properties/new');
    await page.getByRole('heading', { level: 1, name: 'Add property' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Unit 4');
    await page.getByLabel('Address', { exact: true }).fill('4/10 Test St, Carlton VIC 3053');
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Investment' });
    await page.getByLabel('Purchase price', { exact: true }).fill('-5');
    await page.getByLabel('Purchase date', { exact: true }).fill('2022-05-01');
    await page.getByLabel('Current value', { exact: true }).fill('585000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const price = page.getByLabel('Purchase price', { exact: true });
    await expect.poll(() => price.getAttribute('aria-invalid'), POLL).toBe('true');
    await expect.poll(() => descriptionOf(page, price), POLL).toMatch(/must not be negative/i);
    expect(new URL(page.url()).pathname).toBe('/properties/new');
    // Only the field at fault is marked, and what the person typed is kept.
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).not.toBe('true');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Unit 4');
    await screenshot(page, 'field-error');

    await price.fill('550000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitForPath(page, '/properties');
    await page.getByRole('status').filter({ hasText: 'Property saved' }).waitFor();
    await page.getByRole('table').getByRole('row').filter({ hasText: 'Unit 4' }).waitFor();
  });

  it.skipIf(SKIP)('sign-up shows a too-short password next to the password field', async ({ onTestFailed }) => {
    const fresh = await openPage(browser);
    try {
      onTestFailed(async () => {
        await screenshot(fresh.page, 'failed-forms-sign-up').catch(() => {});
      });
      const newcomer = uniqueUser('short');
      await fresh.page.goto('/sign-up');
      await fresh.page.getByLabel('Name', { exact: true }).fill(newcomer.name);
      await fresh.page.getByLabel('Email', { exact: true }).fill(newcomer.email);
      await fresh.page.getByLabel('Password', { exact: true }).fill('short');
      await fresh.page.getByRole('button', { name: 'Create account', exact: true }).click();

      const password = fresh.page.getByLabel('Password', { exact: true });
      await expect.poll(() => password.getAttribute('aria-invalid'), POLL).toBe('true');
      await expect.poll(() => descriptionOf(fresh.page, password), POLL).toMatch(/at least 8 characters/i);
      expect(new URL(fresh.page.url()).pathname).toBe('/sign-up');
      expect(fresh.pageErrors).toEqual([]);
    } finally {
      await fresh.context.close();
    }
  });

  it.skipIf(SKIP)('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
