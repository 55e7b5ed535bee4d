// Password hashing with Argon2id (@node-rs/argon2: maintained, prebuilt for every platform we ship,
// no node-gyp). Parameters are the library's defaults, which follow OWASP's Argon2id guidance.
import { hash, verify } from '@node-rs/argon2';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash must read as "wrong password", never as a 500
  }
}

// Verifying against this when the email is unknown makes "no such user" cost the same time as
// "wrong password", so response timing does not reveal which emails have accounts.
let decoyHash: Promise<string> | undefined;
export async function burnVerifyTime(password: string): Promise<void> {
  decoyHash ??= hash('decoy-password-for-timing-equalisation');
  await verifyPassword(await decoyHash, password);
}
