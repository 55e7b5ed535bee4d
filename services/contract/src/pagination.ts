// Page limits of every list endpoint (GET /api/<resource>?page=&pageSize=).
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Beyond this a page number is a mistake or an attack, not a person paging. */
export const MAX_PAGE = 1_000_000;
