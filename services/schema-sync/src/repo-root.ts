// The repository's root (the API image's /app): where prisma/schema.prisma, prisma.config.ts, .tools/ and
// backups/ are found. Computed here once; every workspace that needs it imports it from here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
