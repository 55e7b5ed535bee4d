// `make check`, the boundaries: no relative import across workspaces, no cycles, nothing server-only in the
// web, nothing of the dev tooling in the images (rules.ts).
import { REPO_ROOT } from '@monitrax/database/paths';
import { checkBoundaries } from './check-boundaries.ts';
import { BOUNDARY_RULES } from './rules.ts';

const violations = await checkBoundaries(REPO_ROOT);
if (violations.length === 0) {
  console.log(`✓ workspace boundaries (${BOUNDARY_RULES.length} rules, dependency-cruiser)`);
} else {
  console.log(`✗ workspace boundaries: ${violations.length} import(s) break a rule`);
  for (const violation of violations) console.log(`    ${violation.rule}: ${violation.from} -> ${violation.to}\n      (${violation.comment})`);
  process.exitCode = 1;
}
