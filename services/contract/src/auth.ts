// Sign-up, sign-in and password change: where the endpoints live, the rules the web's forms state and the API's
// input schemas enforce (auth-inputs.ts), and what a session looks like. No validation code: client components
// import this.
export const AUTH_PREFIX = '/api/auth';
export const AUTH_PATHS = {
  register: `${AUTH_PREFIX}/register`,
  confirm: `${AUTH_PREFIX}/confirm`,
  login: `${AUTH_PREFIX}/login`,
  logout: `${AUTH_PREFIX}/logout`,
  me: `${AUTH_PREFIX}/me`,
  password: `${AUTH_PREFIX}/password`,
} as const;

export const EMAIL_MAX = 254;
/** Longest raw input accepted before trimming: room for stray spaces, nowhere near a body limit. */
export const EMAIL_INPUT_MAX = 320;
/** NIST SP 800-63B's minimum; the maximum bounds the Argon2 work per attempt. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
export const NAME_MAX_LENGTH = 100;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

/** The web's sign-in page (a mail to an address that already has an account links to it). */
export const SIGN_IN_PAGE = '/sign-in';

/** The web page a sign-up link opens (`?token=`): it asks before it confirms, so a mail scanner that opens links
 * creates nothing. */
export const CONFIRM_SIGN_UP_PAGE = '/confirm-email';
export const CONFIRM_SIGN_UP_TOKEN_PARAM = 'token';
/** How long a sign-up link works. */
export const SIGN_UP_LINK_HOURS = 24;

/** POST register's data: the same whether or not the address has an account (the address's owner finds out by
 * mail: a link that creates the account, or word that someone tried to sign up with it). */
export interface SignUpAccepted {
  email: string;
  confirmationSent: true;
}

/** POST confirm / login's data. */
export interface SessionData {
  token: string;
  expiresAt: string;
  user: PublicUser;
  /** Names this browser as one that has signed in to this account: sent back in DEVICE_TOKEN_HEADER on its later
   * sign-ins. Not a credential: it opens nothing by itself. */
  deviceToken: string;
}

/** POST password's data: the other sessions of the account end. */
export interface PasswordChanged {
  passwordChanged: true;
  endedSessions: number;
}
