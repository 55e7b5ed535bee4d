// Step "lint" of the schema sync: the plan's SQL through Squawk (squawk-cli, a maintained linter of PostgreSQL
// migrations for locks and rewrites), each finding shown next to its statement with the rule's name. Which rules
// refuse a plan, which only warn and which are off is decided here, in SQUAWK_RULES, and nowhere else.
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export type LintLevel = 'refuse' | 'warn';

export interface LintFinding {
  rule: string;
  level: LintLevel;
  message: string;
  help: string | null;
}

/** A rule's level, and why it is not the default (warn). */
export interface RuleSetting {
  level: LintLevel | 'off';
  why: string;
}

const LOCKS_AND_REWRITES =
  'holds an ACCESS EXCLUSIVE lock while it rewrites or scans the whole table: the release still serving stalls on it, so it is refused like a breaking change (--allow-breaking lets it through)';
const NOT_OURS_TO_SET =
  "the sync runs the plan on its own connection, under its own advisory lock, planning again after a failure: session timeouts and re-runnable forms are its job, not the plan's";

/** Every rule not listed here warns. */
export const SQUAWK_RULES: Readonly<Record<string, RuleSetting>> = {
  'changing-column-type': { level: 'refuse', why: LOCKS_AND_REWRITES },
  'adding-serial-primary-key-field': { level: 'refuse', why: LOCKS_AND_REWRITES },
  'adding-field-with-default': { level: 'refuse', why: LOCKS_AND_REWRITES },
  'ban-drop-database': { level: 'refuse', why: 'destroys far more than a schema change should' },
  'ban-truncate-cascade': { level: 'refuse', why: 'destroys far more than a schema change should' },
  'prefer-robust-stmts': { level: 'off', why: NOT_OURS_TO_SET },
  'require-statement-timeout': { level: 'off', why: NOT_OURS_TO_SET },
  'require-lock-timeout': { level: 'off', why: NOT_OURS_TO_SET },
  'transaction-nesting': { level: 'off', why: "Prisma's own BEGIN ... COMMIT around an enum swap; the sync applies the plan in one transaction anyway" },
  'prefer-identity': {
    level: 'off',
    why: 'Prisma writes @default(autoincrement()) as SERIAL and has no way to ask for an identity column: no Prisma user can act on it',
  },
  'prefer-timestamp-tz': {
    level: 'off',
    why: "Prisma's DateTime is timestamp(3) unless a field says @db.Timestamptz, and its client writes and reads every DateTime as UTC either way: the time-zone ambiguity the rule guards against does not arise, and the warning fired on every DateTime",
  },
};

export const levelOf = (rule: string): LintLevel | 'off' => SQUAWK_RULES[rule]?.level ?? 'warn';

/** What the sync says about `require-concurrent-index-creation`: db push cannot emit CONCURRENTLY, a person can. */
export function concurrentIndexAdvice(statement: string): string | undefined {
  const match = /^CREATE\s+(UNIQUE\s+)?INDEX\s+/i.exec(statement.trim());
  if (!match) return undefined;
  const concurrently = statement.trim().replace(/^CREATE\s+(UNIQUE\s+)?INDEX\s+/i, (head) => `${head}CONCURRENTLY `);
  return `prisma db push cannot build it CONCURRENTLY; on a big table run \`${concurrently.replace(/;?$/, ';')}\` by hand first, and this plan no longer contains it`;
}

interface SquawkReport {
  line: number;
  level: string;
  message: string;
  help: string | null;
  rule_name: string;
}

function squawkBinary(): string {
  const require = createRequire(import.meta.url);
  return (require('squawk-cli/js/index.js') as { getBinaryPath(): string }).getBinaryPath();
}

/** One entry per statement: its findings (rules that are off left out). */
export async function lintStatements(statements: readonly string[], options: { pgMajor: number }): Promise<LintFinding[][]> {
  const findings: LintFinding[][] = statements.map(() => []);
  if (statements.length === 0) return findings;
  // One statement per block of lines, so that a finding's line says which statement it is about.
  const starts: number[] = [];
  let line = 0;
  const text = statements
    .map((statement) => {
      starts.push(line);
      const block = `${statement.trim().replace(/;?$/, ';')}\n`;
      line += block.split('\n').length - 1;
      return block;
    })
    .join('');
  const dir = await mkdtemp(path.join(tmpdir(), 'monitrax-squawk-'));
  try {
    const file = path.join(dir, 'plan.sql');
    await writeFile(file, text);
    const result = await execa(squawkBinary(), ['--reporter', 'json', `--pg-version=${options.pgMajor}.0`, file], { reject: false, stdin: 'ignore' });
    let reports: SquawkReport[];
    try {
      reports = JSON.parse(result.stdout || '[]') as SquawkReport[];
    } catch {
      throw new Error(`squawk exited ${result.exitCode} without a JSON report: ${(result.stderr || result.stdout).slice(0, 500)}`);
    }
    for (const report of reports) {
      const level = levelOf(report.rule_name);
      if (level === 'off') continue;
      let index = starts.length - 1;
      while (index > 0 && starts[index]! > report.line) index -= 1;
      const bucket = findings[index]!;
      const help = report.rule_name === 'require-concurrent-index-creation' ? (concurrentIndexAdvice(statements[index]!) ?? report.help) : report.help;
      if (!bucket.some((finding) => finding.rule === report.rule_name)) bucket.push({ rule: report.rule_name, level, message: report.message, help });
    }
    return findings;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
