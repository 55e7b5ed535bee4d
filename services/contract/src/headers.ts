// Headers the web and the API agree on.

/** One id per request across services: the web forwards the browser's (or mints one), the API keeps it when it
 * looks sane, echoes it back and logs it. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What an X-Request-Id may look like to be kept, echoed and logged (anything else is replaced by a new UUID). */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The browser's address as the web server worked it out, so the API's login limits count each visitor on their
 * own; believed only next to INTERNAL_SECRET_HEADER carrying INTERNAL_API_SECRET (docs/security.md). */
export const CLIENT_ADDRESS_HEADER = 'x-monitrax-client-address';
export const INTERNAL_SECRET_HEADER = 'x-monitrax-internal-secret';

/** A sign-in's device token (SessionData.deviceToken of an earlier sign-in to the same account, kept by the web in
 * an httpOnly cookie): that browser's attempts have a budget of their own, so failures from elsewhere never lock
 * the owner's usual browser out (docs/security.md). */
export const DEVICE_TOKEN_HEADER = 'x-monitrax-device';
