// The workflow lint against the committed workflows (they must pass) and against copies broken one way at a time.
import { describe, expect, it } from 'vitest';
import { lintWorkflows, readWorkflows, unpinnedActions, type WorkflowFile } from './workflows.ts';

const real = readWorkflows();
const ci = real.find((workflow) => workflow.path.endsWith('/ci.yml'))!;
const brokenCi = (change: (text: string) => string): WorkflowFile[] => [{ ...ci, text: change(ci.text) }];

describe('the workflow lint', () => {
  it('passes on the workflows as committed', async () => {
    expect(ci).toBeDefined();
    expect((await lintWorkflows(real)).problems).toEqual([]);
  });

  it.each<[string, (text: string) => string, RegExp]>([
    [
      'a misspelt job key (actionlint)',
      (text) => text.replace('runs-on:', 'runs_on:'),
      /^\.github\/workflows\/ci\.yml:\d+:\d+: unexpected key "runs_on" for "job" section\..* \[syntax-check\]$/,
    ],
    [
      'an unknown context property (actionlint)',
      (text) => text.replace('|| github.ref }}', '|| github.reff }}'),
      /^\.github\/workflows\/ci\.yml:\d+:\d+: property "reff" is not defined in object type .* \[expression\]$/,
    ],
    [
      'a runner label GitHub does not have (actionlint)',
      (text) => text.replace('runs-on: ubuntu-24.04', 'runs-on: ubuntu-24.4'),
      /^\.github\/workflows\/ci\.yml:\d+:\d+: label "ubuntu-24\.4" is unknown\..* \[runner-label\]$/,
    ],
    [
      'an action used by tag',
      (text) => text.replace(/actions\/checkout@[0-9a-f]{40} # v[\d.]+/, 'actions/checkout@v7'),
      /^\.github\/workflows\/ci\.yml:\d+: actions\/checkout is used at v7: pin it to the release's full commit SHA/,
    ],
    [
      'a SHA without its version',
      (text) => text.replace(/(actions\/setup-node@[0-9a-f]{40}) # v[\d.]+/, '$1'),
      /^\.github\/workflows\/ci\.yml:\d+: actions\/setup-node@[0-9a-f]{12}… has no version comment/,
    ],
  ])('catches %s', async (_what, change, expected) => {
    const changed = brokenCi(change);
    expect(changed[0]!.text, 'the change must apply to ci.yml').not.toBe(ci.text);
    const { problems } = await lintWorkflows(changed);
    expect(
      problems.some((problem) => expected.test(problem)),
      `expected a problem matching ${expected}, got:\n${problems.join('\n')}`,
    ).toBe(true);
  });

  it('leaves local actions and docker:// images to actionlint', () => {
    const workflow = { path: 'w.yml', text: 'steps:\n  - uses: ./.github/actions/setup\n  - uses: docker://alpine:3\n  - uses: "actions/cache@v4"\n' };
    expect(unpinnedActions(workflow)).toEqual([
      "w.yml:4: actions/cache is used at v4: pin it to the release's full commit SHA, with the version in a comment (uses: actions/cache@<sha> # vX.Y.Z)",
    ]);
  });
});
