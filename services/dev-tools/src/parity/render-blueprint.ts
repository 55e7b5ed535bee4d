// render.yaml judged by Render's own Blueprint JSON Schema (vendored in render-schema/, with its source and date),
// using ajv. The schema decides which fields exist and what types they take; the types below only name the part
// the cross-file checks in checks.ts read, once the schema has accepted the file.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

export type RenderEnvVar =
  | { key: string; value: string | number | boolean; previewValue?: string }
  | { key: string; generateValue: true }
  | { key: string; sync: false }
  | { key: string; fromDatabase: { name: string; property: string } }
  | { key: string; fromService: { type: string; name: string; property?: string; envVarKey?: string } }
  | { fromGroup: string };

export interface RenderService {
  type: string;
  name: string;
  runtime?: string;
  dockerfilePath?: string;
  dockerContext?: string;
  dockerCommand?: string;
  healthCheckPath?: string;
  preDeployCommand?: string;
  initialDeployHook?: string;
  autoDeployTrigger?: string;
  buildFilter?: { paths?: string[]; ignoredPaths?: string[] };
  envVars?: RenderEnvVar[];
}

export interface RenderBlueprint {
  services: RenderService[];
  databases?: Array<{ name: string; postgresMajorVersion?: string }>;
}

const SCHEMA_FILE = new URL('./render-schema/render.yaml.schema.json', import.meta.url);

interface Validators {
  blueprint: ValidateFunction;
  /** One validator per kind of service entry (the schema's `services.items.anyOf` branches). */
  kinds: Record<ServiceKind, ValidateFunction>;
}
type ServiceKind = 'serverService' | 'staticService' | 'cronService' | 'redisServer';

let compiled: Validators | undefined;
function validators(): Validators {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { $id: string };
  // strict: false because Render's schema uses annotations ajv does not know (deprecated, markdownDescription).
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const blueprint = ajv.compile(schema);
  const kind = (name: ServiceKind) => ajv.getSchema(`${schema.$id}#/definitions/${name}`)!;
  compiled = {
    blueprint,
    kinds: { serverService: kind('serverService'), staticService: kind('staticService'), cronService: kind('cronService'), redisServer: kind('redisServer') },
  };
  return compiled;
}

/** The branch of the schema's anyOf a service entry means, chosen the way Render does: by type, then runtime. */
function kindOf(service: Record<string, unknown>): ServiceKind {
  if (service.type === 'cron') return 'cronService';
  if (service.type === 'keyvalue' || service.type === 'redis') return 'redisServer';
  return service.runtime === 'static' ? 'staticService' : 'serverService';
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    return `${String(params.additionalProperty ?? params.unevaluatedProperty)} is not a field Render knows here`;
  }
  if (error.keyword === 'enum') return `${error.message} (${(params.allowedValues as unknown[]).map(String).join(', ')})`;
  return error.message ?? error.keyword;
}

/**
 * Problems as `render.yaml: <JSON pointer>: <message>`, empty when Render's schema accepts the file. A service entry
 * matches one of four kinds (anyOf), and ajv reports each kind's complaints, most of them about kinds the entry is
 * not; so a failing service is judged again against the one kind its type and runtime select, which is what a
 * person reading the message means.
 */
export function renderSchemaProblems(render: unknown): string[] {
  const { blueprint, kinds } = validators();
  if (blueprint(render)) return [];
  const services = (render as { services?: unknown }).services;
  const problems = new Set<string>();
  const failedServices = new Set<number>();
  for (const error of blueprint.errors ?? []) {
    const service = /^\/services\/(\d+)(\/|$)/.exec(error.instancePath);
    if (service && Array.isArray(services) && typeof services[Number(service[1])] === 'object') failedServices.add(Number(service[1]));
    else problems.add(`render.yaml: ${error.instancePath || '(top level)'}: ${describe(error)}`);
  }
  for (const index of failedServices) {
    const entry = (services as Array<Record<string, unknown>>)[index]!;
    const label = typeof entry.name === 'string' ? ` (${entry.name})` : '';
    const validate = kinds[kindOf(entry)];
    if (validate(entry)) continue;
    for (const error of validate.errors ?? []) problems.add(`render.yaml: /services/${index}${error.instancePath}${label}: ${describe(error)}`);
  }
  // Should the chosen kind accept an entry the whole schema refused, ajv's own report is the fallback.
  if (problems.size === 0) for (const error of blueprint.errors ?? []) problems.add(`render.yaml: ${error.instancePath || '(top level)'}: ${describe(error)}`);
  return [...problems];
}

/** render.yaml, typed for the cross-file checks, or the schema's problems with it. */
export function readRenderBlueprint(render: unknown): { blueprint: RenderBlueprint } | { problems: string[] } {
  const problems = renderSchemaProblems(render);
  if (problems.length) return { problems };
  const document = render as Partial<RenderBlueprint>;
  return { blueprint: { ...document, services: document.services ?? [] } };
}
