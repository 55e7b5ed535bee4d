// Keyboard and small screens: the skip link comes first in the focus order, and the dashboard fits
// a phone's width without scrolling sideways.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiRequest,
  launchBrowser,
  openPage,
  POLL,
  registerThroughApi,
  screenshot,
  signInInBrowser,
  SKIP,
  summaryFigure,
  uniqueUser,
  type OpenedPage,
} from './browser.ts';

/** What the page's document reports, read in the page (typed here so no DOM lib is needed). */
interface Viewport {
  innerWidth: number;
  scrollWidth: number;
}
interface PageGlobals {
  innerWidth: number;
  document: { scrollingElement: { scrollWidth: number } | null; activeElement: unknown };
}

describe('keyboard and phone layout', () => {
  let browser: Browser;
  const opened: OpenedPage[] = [];
  const user = uniqueUser('layout');

  async function signedInPage(options: Parameters<typeof openPage>[1], name: string, onTestFailed: (fn: () => Promise<void>) => void) {
    const fresh = await openPage(browser, options);
    opened.push(fresh);
    onTestFailed(async () => {
      await screenshot(fresh.page, `failed-layout-${name}`).catch(() => {});
    });
    await signInInBrowser(fresh.page, user);
    return fresh;
  }

  beforeAll(async () => {
    if (SKIP) return;
    // A portfolio with something in every part of the dashboard, so the phone layout is realistic.
    const token = await registerThroughApi(user);
    const property = await apiRequest<{ id: string }>('POST', '/api/properties', {
      token,
      body: {
        name: 'Brunswick townhouse',
        address: '7 Albert St, Brunswick VIC 3056',
        type: 'INVESTMENT',
        purchasePrice: 720000,
        purchaseDate: '2019-08-14',
        currentValue: 1045000,
      },
    });
    await apiRequest('POST', '/api/loans', {
      token,
      body: {
        lender: 'Harbour Bank',
        type: 'INVESTMENT',
        rateType: 'FIXED',
        interestRate: 5.89,
        principal: 576000,
        currentBalance: 512345.67,
        repaymentAmount: 1864.2,
        repaymentFrequency: 'FORTNIGHTLY',
        propertyId: property.id,
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const { context } of opened) await context.close();
    await browser?.close();
  });

  it.skipIf(SKIP)('the first Tab from the top of the page focuses "Skip to content"', async ({ onTestFailed }) => {
    const { page } = await signedInPage({}, 'skip-link', onTestFailed);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // Start from a freshly loaded document, with nothing focused yet.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.keyboard.press('Tab');

    const skipLink = page.getByRole('link', { name: 'Skip to content', exact: true });
    await expect.poll(() => skipLink.evaluate((element) => element === (globalThis as unknown as PageGlobals).document.activeElement), POLL).toBe(true);
    // It leads somewhere that exists on the page.
    const href = (await skipLink.getAttribute('href')) ?? '';
    expect(href).toMatch(/^#.+/);
    expect(await page.locator(`[id="${decodeURIComponent(href.slice(1))}"]`).count()).toBe(1);
  });

  it.skipIf(SKIP)('the dashboard fits a 390 px phone screen without horizontal scrolling', async ({ onTestFailed }) => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
    const { page } = await signedInPage(phone, 'phone', onTestFailed);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await expect.poll(() => summaryFigure(page, 'Net position').innerText(), POLL).toMatch(/\$[\d,]+\.\d\d/);
    await page.getByRole('table', { name: 'Properties' }).waitFor();

    const measure = (): Promise<Viewport> =>
      page.evaluate(() => {
        const view = globalThis as unknown as PageGlobals;
        return { innerWidth: view.innerWidth, scrollWidth: view.document.scrollingElement?.scrollWidth ?? 0 };
      });
    // innerWidth of 390 also proves the page declares a device-width viewport (otherwise a phone lays it out at 980 px).
    expect((await measure()).innerWidth).toBe(390);
    const { innerWidth, scrollWidth } = await measure();
    expect(scrollWidth, `page is ${scrollWidth} px wide on a ${innerWidth} px screen`).toBeLessThanOrEqual(innerWidth);
    await screenshot(page, 'dashboard-phone');
  });

  it.skipIf(SKIP)('raised no uncaught errors in the pages', () => {
    expect(opened.flatMap((each) => each.pageErrors)).toEqual([]);
  });
});
