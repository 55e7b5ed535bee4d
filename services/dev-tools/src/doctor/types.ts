// The shapes every doctor check shares, and the "world" a check inspects. Checks never reach for
// process.env, the file system, child processes or the network directly: they get them from a
// DoctorWorld, so unit tests can hand them any machine they like (world.ts builds the real one).

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Short, stable name ("node", "database", ...). */
  name: string;
  status: CheckStatus;
  /** What was found: a first line, optionally more lines of particulars. Never a secret (connection strings are masked). */
  detail: string;
  /** How to fix it (every warn/fail has one). May span several lines. */
  fix?: string;
}

export interface CommandResult {
  /** Exit code; null when the command did not run to an exit (not found, timed out, killed). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** 'not-found': no such executable; 'timeout': killed after the time limit; else a spawn error message. */
  error?: 'not-found' | 'timeout' | string;
}

/** Runs an executable (no shell) with a time limit; never rejects. */
export type RunCommand = (command: string, args: readonly string[], options?: { timeoutMs?: number }) => Promise<CommandResult>;

/** What an HTTP GET of a health endpoint came to. */
export type HttpProbe =
  | { kind: 'answered'; status: number; contentType: string; body: string }
  | { kind: 'refused' } // nothing listens: the service is not running
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'error'; message: string };

export interface DatabaseServer {
  /** e.g. "17.10" (server_version, distribution suffix dropped). */
  version: string;
  major: number;
}

export interface SchemaPlanSummary {
  inSync: boolean;
  statements: string[];
  warnings: string[];
  /** Tables and enums the plan drops: in the database, not in the schema, not declared as external. */
  undeclared: { tables: string[]; enums: string[] };
  /** The lines that would keep them (external-objects.ts), when there are any. */
  declarationAdvice: string[];
}

/** Contents of a .env file, parsed without touching process.env. */
export interface EnvFile {
  path: string;
  exists: boolean;
  values: Record<string, string>;
  /** Set when the file exists but could not be read. */
  readError?: string;
}

export interface DoctorWorld {
  /** Repository root (where .nvmrc and prisma/ live). */
  root: string;
  /** The process environment (not merged with .env). */
  env: NodeJS.ProcessEnv;
  /** The .env the commands would read (in the working directory, like dotenv, Prisma and Compose). */
  envFile: EnvFile;
  platform: NodeJS.Platform;
  nodeVersion: string;
  execPath: string;
  /** A file's text, or undefined when it does not exist / cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** True when a process with this pid exists. */
  isProcessAlive(pid: number): boolean;
  run: RunCommand;
  /** GET http://127.0.0.1:<port><path> with a time limit. */
  httpGet(port: number, path: string, timeoutMs: number): Promise<HttpProbe>;
  isPortFree(port: number): Promise<boolean>;
  /** True when whatever listens on 127.0.0.1:<port> answers PostgreSQL's SSLRequest. */
  speaksPostgres(port: number, timeoutMs: number): Promise<boolean>;
  /** Connects, reads the server version, disconnects. Rejects with pg's error. */
  queryServer(databaseUrl: string, timeoutMs: number): Promise<DatabaseServer>;
  planSchema(databaseUrl: string): Promise<SchemaPlanSummary>;
  /** The backup command's pg_dump/pg_restore lookup (services/schema-sync/src/backup/pg-tools.ts). */
  pgTools: {
    find(minMajor: number): Promise<{ pgDump: string; major: number; source: string } | undefined>;
    installedMajors(): Promise<number[]>;
    advice(minMajor: number, foundMajors: number[]): string;
  };
}
