// Runs the boundary rules over every workspace with dependency-cruiser's API, so `make check` and the rules'
// own test use the same code path.
import { cruise, type IViolation } from 'dependency-cruiser';
import { BOUNDARY_RULES } from './rules.ts';

export interface BoundaryViolation {
  rule: string;
  from: string;
  to: string;
  comment: string;
}

// Generated code and build output are not ours to police. Installed packages stay in the graph (so the rules can
// see which kind of dependency an import is); doNotFollow keeps them from being traversed.
const EXCLUDE = '(^|/)(\\.next|generated|\\.tools|\\.data)/|^services/[^/]+/node_modules/';

/** Every violation of BOUNDARY_RULES among the TypeScript files under `root`/services. */
export async function checkBoundaries(root: string): Promise<BoundaryViolation[]> {
  // dependency-cruiser reports and matches paths relative to the working directory (its baseDir option refuses a
  // root outside it, such as the rules' test copy in /tmp).
  const previous = process.cwd();
  process.chdir(root);
  try {
    const result = await cruise(['services'], {
      ruleSet: { forbidden: BOUNDARY_RULES },
      validate: true,
      exclude: { path: EXCLUDE },
      doNotFollow: { path: 'node_modules' },
      tsPreCompilationDeps: true,
      combinedDependencies: true,
      enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
      // The web's "@/..." imports resolve through its own tsconfig's paths.
      tsConfig: { fileName: 'services/web/tsconfig.json' },
    });
    if (typeof result.output === 'string') throw new Error(`dependency-cruiser: unexpected output ${result.output.slice(0, 200)}`);
    const comments = new Map(BOUNDARY_RULES.map((rule) => [rule.name, rule.comment ?? '']));
    return (result.output.summary.violations as IViolation[])
      .filter((violation) => violation.rule.severity === 'error')
      .map((violation) => ({ rule: violation.rule.name, from: violation.from, to: violation.to, comment: comments.get(violation.rule.name) ?? '' }));
  } finally {
    process.chdir(previous);
  }
}
