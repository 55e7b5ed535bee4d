// One browser action through the web, traced (the second web and API of global-setup.ts send to an OTLP receiver of
// the tests' own): opening the properties page gives one trace holding the web's request and render, the web's fetch
// to the API, the API's request with its request id, Prisma's operation and the SQL. The web's log lines are JSON
// with the trace's ids.
import { receivedIn } from '@monitrax/test-support/otlp-receiver';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRequest, launchBrowser, openPage, registerThroughApi, screenshot, SKIP, signInInBrowser, stack, uniqueUser } from './browser.ts';

const WAIT = { timeout: 20_000, interval: 200 } as const;

describe('one browser action, one trace', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (SKIP) return;
    browser = await launchBrowser();
    ({ context, page } = await openPage(browser, { baseURL: stack.bucketWebUrl }));
    const user = uniqueUser('traces');
    const token = await registerThroughApi(user);
    const property = {
      name: 'Traced terrace',
      address: '2 Span St, Fitzroy VIC 3065',
      type: 'HOME',
      purchasePrice: 900000,
      purchaseDate: '2019-03-01',
      currentValue: 1100000,
    };
    await apiRequest('POST', '/api/properties', { token, body: property });
    await signInInBrowser(page, user);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it.skipIf(SKIP)('opening the properties page: the web, the API and the database in one trace, with the request id', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await screenshot(page, 'failed-traces').catch(() => {});
    });
    await page.goto('/properties');
    await page.getByRole('cell', { name: 'Traced terrace' }).waitFor();

    const seen = () =>
      [
        ...new Set(
          receivedIn(stack.otlpFolder)
            .spans()
            .map((span) => `${span.service}: ${span.name}`),
        ),
      ].join('\n');
    await vi.waitFor(() => {
      const spans = receivedIn(stack.otlpFolder).spans();
      // The web's server span for the page (Next names it by method and route), and everything in its trace.
      const pages = spans.filter((span) => span.service === 'monitrax-web' && span.kind === 2 && span.name === 'GET /[resource]');
      const traced = pages.map((root) => spans.filter((span) => span.traceId === root.traceId));
      const whole = traced.find(
        (trace) =>
          // The web's fetch to the API, named by its URL with the query left out.
          trace.some((span) => span.service === 'monitrax-web' && /^fetch GET http:\/\/127\.0\.0\.1:\d+\/api\/properties\?\[redacted\]$/.test(span.name)) &&
          trace.some((span) => span.service === 'monitrax-api' && span.kind === 2 && span.attributes['http.route'] === '/api/properties') &&
          trace.some((span) => span.service === 'monitrax-api' && span.name === 'prisma:client:operation') &&
          trace.some((span) => span.service === 'monitrax-api' && span.name.startsWith('pg.query')),
      );
      expect(whole, seen()).toBeDefined();
      const apiRequestSpan = whole!.find((span) => span.service === 'monitrax-api' && span.kind === 2)!;
      expect(apiRequestSpan.attributes['monitrax.request_id']).toMatch(/^[\w.:-]{8,}$/);
      // The API's span is a child in the web's trace, not a trace of its own.
      expect(whole!.some((span) => span.spanId === apiRequestSpan.parentSpanId)).toBe(true);
    }, WAIT);
  });
});
