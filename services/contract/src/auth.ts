// Sign-up, sign-in and password change: where the endpoints live, the rules the web's forms state and the API's
// input schemas enforce (auth-inputs.ts), and what a session looks like. No validation code: client components
// import this.
export const AUTH_PREFIX = '/api/auth';
export const AUTH_PATHS = {
  register: `${AUTH_PREFIX}/register`,
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

/** POST register / login's data. */
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
