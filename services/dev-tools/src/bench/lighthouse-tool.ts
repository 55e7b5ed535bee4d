// The pinned Lighthouse CLI for `make bench`, installed on first use into .tools/ (pinned-tool.ts): Lighthouse brings
// some 150 packages that only this one bench uses. Why 12.2.3: 13 wants Node 22 and a newer lock than this
// repository's.
import path from 'node:path';
import { pinnedTool } from '../pinned-tool.ts';

export const LIGHTHOUSE_VERSION = '12.2.3';

/** The path of the pinned Lighthouse CLI (a Node script), installing it first when missing. */
export async function lighthouseCli(say: (line: string) => void): Promise<string> {
  const dir = await pinnedTool(
    {
      folder: `lighthouse-${LIGHTHOUSE_VERSION}`,
      packages: { lighthouse: LIGHTHOUSE_VERSION },
      description: 'make bench: the pinned Lighthouse',
      timeoutMs: 300_000,
    },
    say,
  );
  return path.join(dir, 'node_modules/lighthouse/cli/index.js');
}
