// The status page (how each check stands for anyone; versions, releases and detail for a person signed in) and the
// web server's own health endpoint.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_CHECKS } from '@monitrax/contract/health';
import { stack, launchBrowser, openPage, screenshot, signUpInBrowser, SKIP, uniqueUser } from './browser.ts';

const apiVersion = (JSON.parse(readFileSync(new URL('../../../api/package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('system status', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    if (SKIP) return;
    browser = await launchBrowser();
    ({ context, page, pageErrors } = await openPage(browser));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it.skipIf(SKIP)('/status shows a signed-out visitor how each check stands, and nothing internal', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-status').catch(() => {});
    });
    await page.goto('/status');
    expect(new URL(page.url()).pathname).toBe('/status'); // no redirect to sign in
    await page.getByRole('heading', { level: 1, name: 'System status' }).waitFor();

    // Each readiness check of the API's health document, by name, with its status.
    for (const check of [HEALTH_CHECKS.database, HEALTH_CHECKS.schema, HEALTH_CHECKS.worker]) {
      await page.getByText(check, { exact: false }).first().waitFor();
    }
    const worker = page.locator('.details > div', { has: page.getByText('Background worker', { exact: true }) });
    await worker.getByText('Running').waitFor();
    expect(await worker.locator('.badge').textContent()).toBe('Pass');
    await page.getByText(/Sign in to see versions/).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    for (const internal of [stack.releaseId, apiVersion, 'Node.js', 'Uptime', 'queued', HEALTH_CHECKS.uptime]) expect(text, internal).not.toContain(internal);
    expect(pageErrors).toEqual([]);
  });

  it.skipIf(SKIP)('/status shows a signed-in person the versions, releases and each check in detail', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-status-signed-in').catch(() => {});
    });
    await signUpInBrowser(page, uniqueUser('status'));
    await page.goto('/status');
    await page.getByRole('heading', { level: 1, name: 'System status' }).waitFor();
    for (const check of Object.values(HEALTH_CHECKS)) {
      await page.getByText(check, { exact: false }).first().waitFor();
    }
    // The background worker the stack runs: live, with the job it ran at start.
    const worker = page.locator('.details > div', { has: page.getByText('Background worker', { exact: true }) });
    await worker.getByText(/1 worker running; \d+ queued; last job portfolio-snapshot completed/).waitFor();
    expect(await worker.locator('.badge').textContent()).toBe('Pass');
    // The version and release the API reports.
    await page.getByText(apiVersion, { exact: false }).first().waitFor();
    await page.getByText(stack.releaseId, { exact: false }).first().waitFor();

    await screenshot(page, 'status');
    expect(pageErrors).toEqual([]);
  });

  it.skipIf(SKIP)('GET /api/health on the web server reports itself and the API', async () => {
    const response = await fetch(`${stack.webUrl}/api/health`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/health\+json/);
    const body = (await response.json()) as { status: string; checks: Record<string, unknown> };
    expect(['pass', 'warn']).toContain(body.status);
    expect(Array.isArray(body.checks.web), 'checks.web is an array').toBe(true);
    expect(Array.isArray(body.checks.api), 'checks.api is an array').toBe(true);
    expect(JSON.stringify(body)).not.toContain(stack.releaseId);
  });
});
