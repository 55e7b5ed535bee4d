// Log lines on stderr in the native schema engine's format.
//
// Why this exact shape: the Prisma CLI reads the engine's stderr line by line and JSON-parses it.
// In RPC mode it keeps `fields.message` of every line and remembers the last line whose `level` is
// "ERROR" to explain a crash. For `schema-engine cli <command>` it skips the first stderr line, parses
// every other line (a non-JSON line makes it fail with "Could not parse schema engine response"),
// and looks for `level: "ERROR"`, `target: "schema_engine::logger"` with `fields.error_code` and
// `fields.message` to report P1001/P1003/... errors. So nothing but these lines may reach stderr.

export type LogLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';

export interface LogLine {
  timestamp: string;
  level: LogLevel;
  fields: { message: string } & Record<string, unknown>;
  target: string;
}

export const TARGET = 'schema_engine_wasm_standin';
/** The target the CLI looks for when it reads the error of a `cli` subcommand. */
export const CLI_ERROR_TARGET = 'schema_engine::logger';

export function formatLogLine(level: LogLevel, message: string, extra: Record<string, unknown> = {}, target = TARGET): string {
  const line: LogLine = { timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target };
  return `${JSON.stringify(line)}\n`;
}

export interface EngineLog {
  (level: LogLevel, message: string, extra?: Record<string, unknown>, target?: string): void;
  /** Passes through a line that is already in the engine's format (the wasm engine's own logs). */
  raw(line: string): void;
}

export function createEngineLog(write: (text: string) => void): EngineLog {
  const log = ((level, message, extra, target) => write(formatLogLine(level, message, extra, target))) as EngineLog;
  log.raw = (text: string) => {
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      // The wasm engine already emits JSON lines; anything else is wrapped so stderr stays parseable.
      write(isJsonObject(line) ? `${line}\n` : formatLogLine('INFO', line));
    }
  };
  return log;
}

function isJsonObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
