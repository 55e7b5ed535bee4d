// Sign-up through the web as a person does it, with the mail the worker really sends (SMTP to the run's mailbox): a
// taken address is answered exactly as a new one and its owner is told by mail; the link's page asks before it
// creates the account; a used link, or the page without one, says what to do.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn } from '@monitrax/test-support/mailbox';
import {
  ATTEMPT_SUBJECT,
  CONFIRM_SUBJECT,
  confirmInBrowser,
  launchBrowser,
  mailTo,
  openPage,
  type OpenedPage,
  screenshot,
  SKIP,
  signUpInBrowser,
  uniqueUser,
  type TestUser,
  waitForPath,
} from './browser.ts';

/** Fills and sends the sign-up form in a fresh context; returns what the page then says. */
async function askForAccount(opened: OpenedPage, user: TestUser): Promise<string> {
  const { page } = opened;
  await page.goto('/sign-up');
  await page.getByLabel('Name', { exact: true }).fill(user.name);
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Check your inbox' });
  await notice.waitFor();
  return (await notice.textContent()) ?? '';
}

describe('sign-up by mailed link', () => {
  let browser: Browser;
  const opened: OpenedPage[] = [];
  const fresh = async () => {
    const page = await openPage(browser);
    opened.push(page);
    return page;
  };

  beforeAll(async () => {
    if (SKIP) return;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const { context } of opened) await context.close();
    await browser?.close();
  });

  it.skipIf(SKIP)('answers a taken address exactly as a new one; the owner is told by mail and can still sign in', async ({ onTestFailed }) => {
    const owner = uniqueUser('owner');
    const first = await fresh();
    onTestFailed(async () => {
      await screenshot(first.page, 'failed-sign-up-taken').catch(() => {});
    });
    await signUpInBrowser(first.page, owner);

    const attacker = await fresh();
    const onTaken = await askForAccount(attacker, { ...owner, name: 'Someone else', password: 'someone-elses-password' });
    const newcomer = uniqueUser('newcomer');
    const onNew = await askForAccount(await fresh(), newcomer);
    expect(onTaken.replace(owner.email, '<address>')).toBe(onNew.replace(newcomer.email, '<address>'));
    expect(new URL(attacker.page.url()).pathname).toBe('/sign-up'); // no session, no dashboard

    const warning = await mailTo(owner.email, ATTEMPT_SUBJECT);
    expect(new URL(linkIn(warning)).pathname).toBe('/sign-in');
    expect(warning.text).not.toContain('token=');
    await mailTo(newcomer.email, CONFIRM_SUBJECT);
    expect(first.pageErrors).toEqual([]);
  });

  it.skipIf(SKIP)(
    'the link’s page asks for the sign-up’s password before it creates the account; a used link and a missing one say what to do',
    async ({ onTestFailed }) => {
      const user = uniqueUser('link');
      const { page, pageErrors } = await fresh();
      onTestFailed(async () => {
        await screenshot(page, 'failed-sign-up-link').catch(() => {});
      });
      await askForAccount({ page, pageErrors, context: page.context() }, user);
      const link = linkIn(await mailTo(user.email, CONFIRM_SUBJECT));
      await page.goto(link);
      expect(new URL(page.url()).pathname).toBe('/confirm-email'); // opening the link alone creates nothing
      // Someone holding the link without the password (the mail reached the address, the sign-up was someone else's).
      await confirmInBrowser(page, 'not-the-sign-up-password');
      await page.getByText('is not the password this sign-up was made with').waitFor();
      expect(new URL(page.url()).pathname).toBe('/confirm-email');
      await confirmInBrowser(page, user.password);
      await waitForPath(page, '/dashboard');

      const again = await fresh();
      await again.page.goto(link);
      await confirmInBrowser(again.page, user.password);
      await again.page.getByRole('alert').filter({ hasText: 'This sign-up link has expired or was already used: sign up again for a new one' }).waitFor();

      await again.page.goto(`/confirm-email?token=${new URL(link).searchParams.get('token')!.slice(0, 20)}`);
      await confirmInBrowser(again.page, user.password);
      await again.page.getByRole('alert').filter({ hasText: 'This link is incomplete' }).waitFor();

      await again.page.goto('/confirm-email');
      await again.page.getByRole('alert').filter({ hasText: 'This page needs the link from your sign-up mail' }).waitFor();
      expect([...pageErrors, ...again.pageErrors]).toEqual([]);
    },
  );
});
