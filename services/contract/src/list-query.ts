// The query of every list (?page=&pageSize=), and the rule for a whole number in a query string.
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE } from './pagination.ts';

export const wholeNumber = (what: string) => z.coerce.number({ error: `must be a whole ${what}` }).int(`must be a whole ${what}`);

/** ?page=&pageSize= of every list. */
export const listQuery = z.strictObject({
  page: wholeNumber('number').min(1, 'must be 1 or more').max(MAX_PAGE).default(1),
  pageSize: wholeNumber('number').min(1, 'must be 1 or more').max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).default(DEFAULT_PAGE_SIZE),
});
