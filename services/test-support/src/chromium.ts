// Debian's Chromium as the browser tests, the Vercel suite and the Lighthouse bench drive it: where it is, whether it
// can run, and the flags for a headless run on a machine with no display, no sandbox support and no network beyond
// 127.0.0.1 (nothing in the background may phone home).
import { accessSync, constants, existsSync } from 'node:fs';

/** CHROMIUM_PATH, else Debian's package (apt-get install -y chromium). */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string => env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Why Chromium cannot run from `path`, or null when it can. */
export function chromiumProblem(path: string): string | null {
  if (!existsSync(path)) return `Chromium not found at ${path}`;
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    return `${path} is not executable`;
  }
}
