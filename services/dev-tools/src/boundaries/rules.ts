// The workspace boundaries, as dependency-cruiser rules (`make check`). Each workspace under services/ has one
// job; these rules keep the arrows between them as docs/architecture.md draws them.
import type { IForbiddenRuleType } from 'dependency-cruiser';

const IMAGE_PACKAGES = 'api|worker|contract|database|schema-sync|document-store|telemetry';
const SERVER_ONLY = 'api|worker|database|schema-sync|document-store|local-stack|test-support|dev-tools';
const TOOLING = 'local-stack|test-support|dev-tools|web';
const TESTS = '(\\.test\\.ts$|/test/)';

export const BOUNDARY_RULES: IForbiddenRuleType[] = [
  {
    name: 'no-relative-import-across-workspaces',
    comment: 'another workspace is imported by its package name (@monitrax/...), through the exports of its package.json',
    severity: 'error',
    from: { path: '^services/([^/]+)/' },
    // A package import of a workspace resolves to its files too; dependency-cruiser marks it aliased-workspace.
    to: { path: '^services/', pathNot: '^services/$1/', dependencyTypesNot: ['aliased-workspace'] },
  },
  {
    name: 'no-cycles',
    comment: 'modules import each other in one direction only',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'web-imports-no-server-package',
    comment: 'the web app (and so the browser) loads only the contract and telemetry from the other workspaces',
    severity: 'error',
    from: { path: '^services/web/src/' },
    to: { path: `^services/(${SERVER_ONLY})/` },
  },
  {
    name: 'web-starts-telemetry-only-from-instrumentation',
    comment:
      "the web's pages, routes and helpers take telemetry's settings and log ids only; the SDK and its Node hooks load from instrumentation.ts, once, at the server's start",
    severity: 'error',
    from: { path: '^services/web/src/', pathNot: '^services/web/src/instrumentation\\.ts$' },
    to: { path: '^services/telemetry/', pathNot: '^services/telemetry/src/(settings|log-fields)\\.ts$' },
  },
  {
    name: 'contract-is-browser-safe',
    comment: 'the contract is loaded in the browser: no Node built-ins, no other workspace',
    severity: 'error',
    from: { path: '^services/contract/src/', pathNot: TESTS },
    to: { pathNot: '^(services/contract/|node_modules/zod/)' },
  },
  {
    name: 'images-carry-no-dev-tooling',
    comment: 'what the API image runs never loads the local stack, the dev tools, the test support or the web app',
    severity: 'error',
    from: { path: `^services/(${IMAGE_PACKAGES})/`, pathNot: TESTS },
    to: { path: `^services/(${TOOLING})/` },
  },
  {
    name: 'nothing-loads-the-machine-workarounds',
    comment: 'the machine workarounds are switched on from outside (environment variables, base images, compose files), never imported',
    severity: 'error',
    from: { pathNot: '^services/machine-workarounds/' },
    to: { path: '^services/machine-workarounds/' },
  },
  {
    name: 'packages-below-the-api-do-not-load-it',
    comment: 'contract, database, schema sync, the document store and telemetry are what the API builds on; the arrow points one way',
    severity: 'error',
    from: { path: '^services/(contract|database|schema-sync|document-store|telemetry)/' },
    to: { path: '^services/api/' },
  },
  {
    name: 'images-use-declared-dependencies',
    comment: 'what the API image runs imports only packages its workspace declares as dependencies (npm ci --omit=dev installs nothing else)',
    severity: 'error',
    from: { path: `^services/(${IMAGE_PACKAGES})/`, pathNot: TESTS },
    to: { dependencyTypes: ['npm-dev', 'npm-no-pkg', 'npm-unknown'] },
  },
  {
    name: 'no-unresolvable-import',
    comment: 'every import resolves (a package name needs an entry in its package.json exports)',
    severity: 'error',
    from: {},
    // Exceptions: `server-only` is provided by Next.js's bundler, the others are type declarations only.
    to: { couldNotResolve: true, pathNot: '^(server-only|express-serve-static-core|next/image-types/global)$' },
  },
];
