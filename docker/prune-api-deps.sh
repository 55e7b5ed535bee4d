#!/bin/sh
# Removes from the API image's production node_modules what the API and the schema sync never load, and
# checks nothing needed went with it (Dockerfile.api, stage prod-deps). Run from the folder that holds
# node_modules. Each rule says why it is safe; the runtime stage then proves the Prisma CLI still plans the
# schema, and the smoke test runs the real schema sync, backups and API against PostgreSQL 17.
#   1. source maps and TypeScript declarations: never executed by Node (no --enable-source-maps here);
#   2. Prisma's query compilers for the other databases and the edge runtime: prisma/schema.prisma is
#      `provider = "postgresql"`, and the generated client imports query_compiler_fast_bg.postgresql only;
#   3. Prisma Studio's browser UI and the packages only that UI uses (React, its charts and graph layout: the
#      CLI loads only @prisma/studio-core/data, which requires none of them), and PGlite (only `prisma dev` runs
#      it): neither `prisma studio` nor `prisma dev` is run in a production container;
#   4. typescript: an optional peer of prisma; the CLI loads prisma.config.ts without it;
#   5. effect/src: TypeScript sources shipped next to the compiled dist/ that Node loads.
# Prints the size before and after.
set -eu
cd node_modules
before="$(du -sk . | cut -f1)"

find . \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.tsbuildinfo' \) -type f -delete

for dir in @prisma/client/runtime prisma/build; do
  [ -d "$dir" ] || continue
  find "$dir" -maxdepth 1 -type f \( -name 'query_compiler_small_bg.*' -o -name 'wasm-compiler-edge.*' \
    -o -name 'query_compiler_fast_bg.mysql.*' -o -name 'query_compiler_fast_bg.sqlite.*' \
    -o -name 'query_compiler_fast_bg.sqlserver.*' -o -name 'query_compiler_fast_bg.cockroachdb.*' \) -delete
done
# Both the generated client and the CLI must keep PostgreSQL's compiler.
test -f @prisma/client/runtime/query_compiler_fast_bg.postgresql.mjs
test -f @prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.mjs

rm -rf @prisma/studio-core/dist/ui @prisma/studio-core/dist/metafile-*.json @electric-sql/pglite typescript effect/src \
  react react-dom elkjs @visx @radix-ui d3-* internmap delaunator robust-predicates

after="$(du -sk . | cut -f1)"
echo "prune-api-deps: node_modules $((before / 1024)) MB -> $((after / 1024)) MB"
