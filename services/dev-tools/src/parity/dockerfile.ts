// Reads a Dockerfile with dockerfile-ast (the parser behind VS Code's Docker support) and lints it with
// dockerfile-utils (its linter: bad instructions, invalid ports, deprecated forms), plus the rules this project's
// images live by (PRACTICES.md): a non-root numeric USER, a node HEALTHCHECK, node as the process that gets
// SIGTERM (exec-form CMD, no npm start), and no database or secret at build time.
import { DockerfileParser, ModifiableInstruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

export interface DockerfileFacts {
  /** `FROM` images that are not earlier stages, e.g. node:24-trixie-slim. */
  baseImages: string[];
  /** Instructions of the last stage (the image that runs): keyword -> argument texts. */
  runtime: { user?: string; healthcheck?: string; cmd?: string; exposes: string[]; env: Map<string, string> };
  /** Every RUN's text (for the pg_dump version check). */
  runs: string[];
  /** COPY/ADD instructions that read the build context (no --from), with their 1-based line and source paths. */
  contextCopies: Array<{ line: number; sources: string[] }>;
  /** Lint problems, each "line N: message". */
  problems: string[];
}

const SECRET_BUILD_ARGS = /^(DATABASE_URL|JWT_SECRET|POSTGRES_PASSWORD)\b/;

function envPairs(argument: string): Array<[string, string]> {
  // ENV A=1 B="two words" (the legacy `ENV A 1` form is flagged by the linter).
  return [...argument.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)].map((match) => [match[1]!, match[3] ?? match[2]!]);
}

/** The sources of a COPY/ADD (every argument but the destination), shell or JSON form; URLs are not the context. */
function copySources(words: string[], argument: string): string[] {
  let parts = words;
  if (argument.trim().startsWith('[')) {
    try {
      parts = JSON.parse(argument.replace(/^(\s*--\S+\s+)*/, '')) as string[];
    } catch {
      // dockerfile-utils reports the malformed JSON; the shell words are the best reading left.
    }
  }
  return parts.slice(0, -1).filter((source) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(source));
}

export function readDockerfile(text: string): DockerfileFacts {
  const dockerfile = DockerfileParser.parse(text);
  const problems = validate(text).map((diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);

  const stageNames = new Set<string>();
  const baseImages: string[] = [];
  for (const from of dockerfile.getFROMs()) {
    const image = from.getImage() ?? '';
    if (!stageNames.has(image) && !image.startsWith('${')) baseImages.push(image);
    const stage = from.getBuildStage();
    if (stage) stageNames.add(stage);
  }

  const instructions = dockerfile.getInstructions();
  let lastFrom = -1;
  instructions.forEach((instruction, index) => {
    if (instruction.getKeyword() === 'FROM') lastFrom = index;
  });
  const runtime: DockerfileFacts['runtime'] = { exposes: [], env: new Map() };
  const runs: string[] = [];
  const contextCopies: DockerfileFacts['contextCopies'] = [];
  instructions.forEach((instruction, index) => {
    const keyword = instruction.getKeyword();
    const argument = instruction.getArgumentsContent() ?? '';
    const line = instruction.getRange().start.line + 1;
    if (keyword === 'RUN') runs.push(argument);
    const copiesFromContext = instruction instanceof ModifiableInstruction && !instruction.getFlags().some((flag) => flag.getName() === 'from');
    if ((keyword === 'COPY' || keyword === 'ADD') && copiesFromContext) {
      contextCopies.push({
        line,
        sources: copySources(
          instruction.getArguments().map((arg) => arg.getValue()),
          argument,
        ),
      });
    }
    if (keyword === 'ARG' && SECRET_BUILD_ARGS.test(argument)) {
      problems.push(`line ${line}: ARG ${argument.split('=')[0]} puts a secret or the database into the build; images must build without either`);
    }
    if (index < lastFrom) return;
    if (keyword === 'USER') runtime.user = argument;
    if (keyword === 'HEALTHCHECK') runtime.healthcheck = argument;
    if (keyword === 'CMD') runtime.cmd = argument;
    if (keyword === 'EXPOSE') runtime.exposes.push(...argument.split(/\s+/));
    if (keyword === 'ENV') for (const [name, value] of envPairs(argument)) runtime.env.set(name, value);
  });

  if (!runtime.user) problems.push('the final stage has no USER: the container would run as root');
  else if (/^(0|root)(:|$)/.test(runtime.user)) problems.push(`the final stage runs as root (USER ${runtime.user})`);
  else if (!/^\d+(:\d+)?$/.test(runtime.user))
    problems.push(`USER ${runtime.user}: use a numeric uid:gid, so Kubernetes-style runAsNonRoot checks can verify it`);
  if (!runtime.healthcheck) problems.push('the final stage has no HEALTHCHECK');
  else if (!/"node"/.test(runtime.healthcheck)) problems.push('HEALTHCHECK should run node (no curl in the image)');
  if (!runtime.cmd) problems.push('the final stage has no CMD');
  else if (!runtime.cmd.trim().startsWith('[')) problems.push(`CMD ${runtime.cmd}: use the exec form ["node", ...] so node itself receives SIGTERM`);
  else if (/"npm"|"yarn"|"sh"|"bash"/.test(runtime.cmd)) problems.push(`CMD ${runtime.cmd}: npm and shells do not pass SIGTERM on; run node directly`);
  return { baseImages, runtime, runs, contextCopies, problems };
}

/** The path a `node docker/healthcheck.mjs <path>` health check asks for (its default is /api/health). */
export function healthcheckPath(command: string | undefined): string | undefined {
  if (!command?.includes('healthcheck.mjs')) return undefined;
  const match = /healthcheck\.mjs"?,?\s*"?(\/[^\s"\]]*)/.exec(command);
  return match ? match[1] : '/api/health';
}
