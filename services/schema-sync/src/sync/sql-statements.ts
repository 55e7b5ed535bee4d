// Splits the SQL script that `prisma migrate diff --script` prints into statements, and keeps the
// warnings Prisma writes into its block comment. Hand-written because the input is narrow (Prisma's
// own generated DDL) and the maintained full SQL parsers for PostgreSQL are native/wasm builds of
// libpg_query that would weigh more than everything else here; this one respects quotes, dollar
// quotes and comments, which is all Prisma's output needs.

export interface ParsedScript {
  statements: string[];
  /** Lines from Prisma's `Warnings:` comment, e.g. "You are about to drop the column ...". */
  warnings: string[];
}

export function parseMigrationScript(script: string): ParsedScript {
  const statements: string[] = [];
  const warnings: string[] = [];
  let current = '';
  let i = 0;
  const flush = () => {
    const statement = current.trim();
    if (statement) statements.push(statement);
    current = '';
  };

  while (i < script.length) {
    const rest = script.slice(i);
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
      continue;
    }
    if (rest.startsWith('/*')) {
      const end = script.indexOf('*/', i + 2);
      const body = script.slice(i + 2, end === -1 ? script.length : end);
      for (const line of body.split('\n')) {
        const match = /^\s*-\s+(.*\S)\s*$/.exec(line);
        if (match) warnings.push(match[1]!);
      }
      i = end === -1 ? script.length : end + 2;
      continue;
    }
    const char = script[i]!;
    if (char === "'" || char === '"') {
      // Quoted literal or identifier; a doubled quote is an escaped quote.
      let j = i + 1;
      while (j < script.length) {
        if (script[j] === char) {
          if (script[j + 1] === char) j += 2;
          else break;
        } else j += 1;
      }
      current += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const end = script.indexOf(dollar[0], i + dollar[0].length);
      const stop = end === -1 ? script.length : end + dollar[0].length;
      current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (char === ';') {
      flush();
      i += 1;
      continue;
    }
    current += char;
    i += 1;
  }
  flush();
  return { statements, warnings };
}
