// Render's buildFilter held to what each Dockerfile really copies. Render redeploys a service only when a changed
// file matches buildFilter.paths and not ignoredPaths, so every file a COPY/ADD takes from the build context must
// match (or a change to it ships nothing), and every listed path must be something the build reads (or a change
// there redeploys for nothing). The build context is the repository minus .dockerignore, matched with
// @balena/dockerignore (Docker's own rules); buildFilter globs are matched with picomatch, dotfiles included.
import dockerignorePackage from '@balena/dockerignore';
import picomatch from 'picomatch';
import type { DockerfileFacts } from './dockerfile.ts';
import type { Project } from './project.ts';
import type { RenderService } from './render-blueprint.ts';

// A CommonJS package whose typings declare an ES default export; it sets `.default` on itself for this case.
const dockerignore = dockerignorePackage.default;
const GLOB = /[*?[]/;

export interface ContextFile {
  file: string;
  /** The COPY/ADD that takes it: its line and the source as written. */
  line: number;
  source: string;
}

/**
 * The build-context files a Dockerfile copies, and its COPY sources that match nothing in the context (a build
 * would fail on them). A directory .dockerignore excludes is not entered: Docker would still look inside for a `!`
 * exception, which this repository's .dockerignore only uses for single files.
 */
export function copiedFiles(project: Project, file: string, facts: DockerfileFacts): { files: ContextFile[]; problems: string[] } {
  const ignore = dockerignore({ ignorecase: false }).add(project.dockerignore);
  const inContext = (candidate: string) => !ignore.ignores(candidate);
  const skipDirectory = (directory: string) => ignore.ignores(directory);
  const files: ContextFile[] = [];
  const problems: string[] = [];
  for (const { line, sources } of facts.contextCopies) {
    for (const source of sources) {
      const relative = source.replace(/^(\.\/|\/)+/, '') || '.';
      const isMatch = picomatch(relative, { dot: true });
      const found = GLOB.test(relative)
        ? project.listFiles('.', skipDirectory).filter((candidate) => isMatch(candidate))
        : project.listFiles(relative, skipDirectory);
      const copied = found.filter(inContext);
      if (copied.length === 0)
        problems.push(`${file}: line ${line}: COPY ${source} takes nothing from the build context (missing, or excluded by .dockerignore)`);
      for (const match of copied) files.push({ file: match, line, source });
    }
  }
  return { files, problems };
}

/** Whether .dockerignore keeps `file` (or a folder on its way) out of every build context. */
export function dockerignoreExcludes(project: Project, file: string): boolean {
  const ignore = dockerignore({ ignorecase: false }).add(project.dockerignore);
  const parts = file.split('/');
  return parts.some((_, index) => ignore.ignores(parts.slice(0, index + 1).join('/')));
}

const matcher = (patterns: string[] | undefined) => (patterns?.length ? picomatch(patterns, { dot: true }) : undefined);

/** Problems with one Render service's buildFilter against the files its Dockerfile copies. */
export function buildFilterProblems(service: RenderService, dockerfile: string, copied: ContextFile[]): string[] {
  const filter = service.buildFilter;
  if (!filter) return [];
  const where = `render.yaml: ${service.name}.buildFilter`;
  const redeploys = matcher(filter.paths);
  const skips = matcher(filter.ignoredPaths);
  const problems: string[] = [];

  // One line per COPY source, naming its first missed file: a directory can hold hundreds.
  const missed = new Map<string, { example: string; count: number; reason: string }>();
  const seen = new Set<string>();
  for (const { file, line, source } of copied) {
    // Dockerfiles copy package.json in several stages: name each file once, at its first COPY.
    if (seen.has(file)) continue;
    seen.add(file);
    const reason = skips?.(file) ? 'ignoredPaths skips it' : redeploys && !redeploys(file) ? 'paths does not cover it' : undefined;
    if (!reason) continue;
    const key = `${line}\u0000${source}\u0000${reason}`;
    const entry = missed.get(key);
    if (entry) entry.count += 1;
    else missed.set(key, { example: file, count: 1, reason });
  }
  for (const [key, { example, count, reason }] of missed) {
    const [line, source] = key.split('\u0000');
    const more = count > 1 ? ` (and ${count - 1} more under ${source})` : '';
    problems.push(`${where}: ${dockerfile} copies ${example} (line ${line}: COPY ${source})${more}, but ${reason}: a change there would not redeploy`);
  }

  // The Dockerfile and .dockerignore are read by every build without being copied.
  const read = new Set([dockerfile, '.dockerignore', ...copied.map((entry) => entry.file)]);
  for (const pattern of filter.paths ?? []) {
    const matches = picomatch(pattern, { dot: true });
    if (![...read].some((file) => matches(file)))
      problems.push(`${where}.paths lists ${pattern}, which ${dockerfile}'s build never reads: a change there would redeploy for nothing`);
  }
  if (filter.paths && !redeploys!(dockerfile)) problems.push(`${where}.paths must cover ${dockerfile} (a Dockerfile change must rebuild)`);
  return problems;
}
