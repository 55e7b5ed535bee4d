// Documents as a person keeps them, through the web to the API (the stack's store: PostgreSQL): attached on a
// property's page with the file picker and its progress, listed there and on the Documents screen, downloaded byte for
// byte, a file of a type that is not taken refused in plain words, and deleted.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, launchBrowser, openPage, registerThroughApi, screenshot, SKIP, signInInBrowser, uniqueUser, waitForPath } from './browser.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A PDF's signature, then enough bytes that the upload takes several progress events. */
const contract = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(1_500_000)]);

describe('documents', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let propertyId: string;

  beforeAll(async () => {
    if (SKIP) return;
    browser = await launchBrowser();
    ({ context, page, pageErrors } = await openPage(browser, { acceptDownloads: true }));
    const user = uniqueUser('documents');
    const token = await registerThroughApi(user);
    const property = {
      name: 'Carlton unit',
      address: '4/10 Test St, Carlton VIC 3053',
      type: 'INVESTMENT',
      purchasePrice: 550000,
      purchaseDate: '2022-05-01',
      currentValue: 612345,
    };
    propertyId = (await apiRequest<{ id: string }>('POST', '/api/properties', { token, body: property })).id;
    await signInInBrowser(page, user);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it.skipIf(SKIP)(
    'attaches a contract on its property’s page, lists it there and on the Documents screen, and downloads it byte for byte',
    async ({ onTestFailed }) => {
      onTestFailed(async () => {
        await screenshot(page, 'failed-documents-upload').catch(() => {});
      });
      await page.goto(`/properties/${propertyId}/edit`);
      const section = page.getByRole('region', { name: 'Documents of this property' });
      await section.locator('input[type=file]:enabled').waitFor(); // hydrated
      await section.getByLabel('Add documents').setInputFiles({ name: 'Contract of sale.pdf', mimeType: 'application/pdf', buffer: contract });
      await section.getByRole('status').filter({ hasText: 'Uploaded Contract of sale.pdf' }).waitFor();
      const link = section.getByRole('link', { name: 'Contract of sale.pdf' });
      await link.waitFor();
      await section.getByRole('cell', { name: 'PDF', exact: true }).waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('Contract of sale.pdf');
      expect(sha256(await readFile((await download.path())!))).toBe(sha256(contract));

      await page.getByRole('link', { name: 'Documents', exact: true }).click();
      await waitForPath(page, '/documents');
      await page.getByRole('link', { name: 'Contract of sale.pdf' }).waitFor();
      expect(pageErrors).toEqual([]);
    },
  );

  it.skipIf(SKIP)('says plainly why a file is refused, and keeps nothing of it', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-documents-refused').catch(() => {});
    });
    await page.goto('/documents');
    const all = page.getByRole('region', { name: 'All documents' });
    const html = Buffer.from('<!doctype html><title>x</title><script>alert(1)</script>');
    await all.locator('input[type=file]:enabled').waitFor(); // hydrated
    await all.getByLabel('Add documents').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: html });
    await all.getByRole('alert').filter({ hasText: "This file's type is not accepted" }).waitFor();
    expect(await all.getByRole('link', { name: 'notes.pdf' }).count()).toBe(0);
  });

  it.skipIf(SKIP)('takes uploads from its own pages only: the same session, without the page’s header, is refused', async () => {
    // As a form or a no-cors fetch from another page would send it: the cookie, the bytes, no custom header.
    const answer = await context.request.post('/documents/upload?name=planted.pdf', { data: contract, headers: { 'content-type': 'application/pdf' } });
    expect(answer.status()).toBe(403);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it.skipIf(SKIP)('deletes a document after asking', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-documents-delete').catch(() => {});
    });
    await page.goto('/documents');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete Contract of sale.pdf' }).click();
    await page.getByRole('link', { name: 'Contract of sale.pdf' }).waitFor({ state: 'detached' });
    await page.goto(`/properties/${propertyId}/edit`);
    await page.getByText('No documents yet.').waitFor();
  });
});
