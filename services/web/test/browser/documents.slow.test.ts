// Documents as a person keeps them, through the web to the API, on each store: PostgreSQL (the stack's API) and a
// bucket (the second API, DOCUMENT_STORAGE=s3, in front of s3rver: global-setup.ts). Attached on a property's page
// with the file picker and its progress, listed there and on the Documents screen, downloaded byte for byte, a file
// dropped on the box, a file of a type that is not taken refused in plain words, and deleted. Then what the web
// refuses before sending: a file larger than one document may be.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Database } from '@monitrax/database/create-db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_MAX_BYTES, documentTooLargeMessage } from '@monitrax/contract/documents';
import { apiRequest, launchBrowser, openPage, registerThroughApi, screenshot, SKIP, signInInBrowser, stack, uniqueUser, waitForPath } from './browser.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A PDF's signature, then enough bytes that the upload takes several progress events. */
const contract = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(1_500_000)]);

/** The page's own classes a drop is built from (this file is typed for Node, not the DOM). */
interface DropGlobals {
  DataTransfer: new () => { items: { add(file: File): unknown } };
}

const stores = [
  { name: 'PostgreSQL', storage: 'POSTGRES', webUrl: () => stack.webUrl },
  { name: 'a bucket', storage: 'S3', webUrl: () => stack.bucketWebUrl },
] as const;

/** A few kilobytes that sniff as a PDF, sent from the page itself (dropping crosses no process boundary). */
const receipt = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(4_000)]);

describe.each(stores)('documents kept in $name', (store) => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let propertyId: string;
  let db: Database;
  /** Where the document's row says its bytes are. */
  const storageOf = async (link: ReturnType<Page['getByRole']>) => {
    const id = /\/documents\/([0-9a-f-]{36})\/download/.exec((await link.getAttribute('href')) ?? '')?.[1];
    return (await db.prisma.document.findUniqueOrThrow({ where: { id: id! }, select: { storage: true } })).storage;
  };

  beforeAll(async () => {
    if (SKIP) return;
    db = createDb(stack.databaseUrl, { maxConnections: 1 });
    browser = await launchBrowser();
    ({ context, page, pageErrors } = await openPage(browser, { acceptDownloads: true, baseURL: store.webUrl() }));
    const user = uniqueUser(`documents-${store.storage.toLowerCase()}`);
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
    await db?.close();
  });

  it.skipIf(SKIP)(
    'attaches a contract on its property’s page, lists it there and on the Documents screen, and downloads it byte for byte',
    async ({ onTestFailed }) => {
      onTestFailed(async () => {
        await screenshot(page, `failed-documents-${store.storage}-upload`).catch(() => {});
      });
      await page.goto(`/properties/${propertyId}/edit`);
      const section = page.getByRole('region', { name: 'Documents of this property' });
      await section.locator('input[type=file]:enabled').waitFor(); // hydrated
      await section.getByLabel('Add documents').setInputFiles({ name: 'Contract of sale.pdf', mimeType: 'application/pdf', buffer: contract });
      await section.getByRole('status').filter({ hasText: 'Uploaded Contract of sale.pdf' }).waitFor();
      const link = section.getByRole('link', { name: 'Contract of sale.pdf' });
      await link.waitFor();
      await section.getByRole('cell', { name: 'PDF', exact: true }).waitFor();
      expect(await storageOf(link)).toBe(store.storage);

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('Contract of sale.pdf');
      expect(sha256(await readFile((await download.path())!))).toBe(sha256(contract));

      await page.getByRole('link', { name: 'Documents', exact: true }).click();
      await waitForPath(page, '/documents');
      await page.getByRole('link', { name: 'Contract of sale.pdf' }).waitFor();
      expect(pageErrors).toEqual([]);
    },
  );

  it.skipIf(SKIP)('takes a file dropped on the box', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, `failed-documents-${store.storage}-drop`).catch(() => {});
    });
    await page.goto('/documents');
    const all = page.getByRole('region', { name: 'All documents' });
    await all.locator('input[type=file]:enabled').waitFor(); // hydrated
    // What a browser hands the page when a file from the desktop is let go over the box: a drop with the file in its
    // DataTransfer (Playwright dispatches a real DragEvent carrying it).
    const dropped = await page.evaluateHandle((base64) => {
      const { DataTransfer } = globalThis as unknown as DropGlobals;
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'Water rates receipt.pdf', { type: 'application/pdf' }));
      return transfer;
    }, receipt.toString('base64'));
    const box = all.locator('.dropzone');
    await box.dispatchEvent('dragover', { dataTransfer: dropped });
    await box.dispatchEvent('drop', { dataTransfer: dropped });
    await all.getByRole('status').filter({ hasText: 'Uploaded Water rates receipt.pdf' }).waitFor();
    const link = all.getByRole('link', { name: 'Water rates receipt.pdf' });
    await link.waitFor();
    expect(await storageOf(link)).toBe(store.storage);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(sha256(await readFile((await download.path())!))).toBe(sha256(receipt));
  });

  it.skipIf(SKIP)('says plainly why a file is refused, and keeps nothing of it', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, `failed-documents-${store.storage}-refused`).catch(() => {});
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
      await screenshot(page, `failed-documents-${store.storage}-delete`).catch(() => {});
    });
    await page.goto('/documents');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete Contract of sale.pdf' }).click();
    await page.getByRole('link', { name: 'Contract of sale.pdf' }).waitFor({ state: 'detached' });
    await page.goto(`/properties/${propertyId}/edit`);
    await page.getByText('No documents yet.').waitFor();
  });
});

describe('what the web refuses before sending', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (SKIP) return;
    browser = await launchBrowser();
    ({ context, page } = await openPage(browser));
    const user = uniqueUser('documents-limits');
    await registerThroughApi(user);
    await signInInBrowser(page, user);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it.skipIf(SKIP)('a file larger than one document may be, in the words the API would use, without sending a byte', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-documents-too-large').catch(() => {});
    });
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/documents/upload') uploads.push(request.url());
    });
    await page.goto('/documents');
    const all = page.getByRole('region', { name: 'All documents' });
    await all.getByText(/for documents in use; up to 26\.2 MB a file/).waitFor(); // the stack's defaults: 25 MiB a file
    await all.locator('input[type=file]:enabled').waitFor(); // hydrated
    // From disk, as a person picks it (a buffer this size would be copied through the DevTools protocol).
    const folder = await mkdtemp(path.join(tmpdir(), 'monitrax-oversized-'));
    const oversized = path.join(folder, 'Scanned statements.pdf');
    await writeFile(oversized, Buffer.concat([receipt, Buffer.alloc(DEFAULT_DOCUMENT_MAX_BYTES + 1 - receipt.length)]));
    try {
      await all.getByLabel('Add documents').setInputFiles(oversized);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    await all
      .getByRole('alert')
      .filter({ hasText: documentTooLargeMessage(DEFAULT_DOCUMENT_MAX_BYTES) })
      .waitFor();
    expect(uploads).toEqual([]);
    expect(await all.getByRole('link', { name: 'Scanned statements.pdf' }).count()).toBe(0);
  });
});
