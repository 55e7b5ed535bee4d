// render.yaml's structure: the Render Blueprint fields this project can use, with their types, written from
// Render's Blueprint YAML reference (https://render.com/docs/blueprint-spec). Objects are strict, so a misspelt
// field (`healthcheckPath`, `dockerfile`) fails here instead of being ignored by Render at sync time.
import { z } from 'zod';

const plan = z.string().regex(/^[a-z0-9-]+$/, 'must be a plan id such as starter, standard or basic-256mb');
const region = z.enum(['oregon', 'ohio', 'virginia', 'frankfurt', 'singapore']);

const fromDatabase = z
  .object({
    name: z.string(),
    property: z.enum(['connectionString', 'host', 'port', 'user', 'password', 'database']),
  })
  .strict();

const fromService = z
  .object({
    type: z.enum(['web', 'pserv', 'worker', 'cron', 'keyvalue', 'redis']),
    name: z.string(),
    property: z.enum(['host', 'port', 'hostport', 'connectionString']).optional(),
    envVarKey: z.string().optional(),
  })
  .strict()
  .refine((source) => (source.property === undefined) !== (source.envVarKey === undefined), 'needs exactly one of property and envVarKey');

const key = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const previewValue = z.string().optional();

export const envVar = z.union([
  z.object({ key, value: z.union([z.string(), z.number(), z.boolean()]), previewValue }).strict(),
  z.object({ key, generateValue: z.literal(true) }).strict(),
  z.object({ key, sync: z.literal(false) }).strict(),
  z.object({ key, fromDatabase }).strict(),
  z.object({ key, fromService, previewValue }).strict(),
  z.object({ fromGroup: z.string() }).strict(),
]);
export type RenderEnvVar = z.output<typeof envVar>;

const buildFilter = z.object({ paths: z.array(z.string()).optional(), ignoredPaths: z.array(z.string()).optional() }).strict();

export const renderService = z
  .object({
    type: z.enum(['web', 'pserv', 'worker', 'cron', 'keyvalue']),
    name: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes'),
    runtime: z.enum(['docker', 'image', 'node', 'python', 'ruby', 'go', 'rust', 'elixir', 'static']),
    plan: plan.optional(),
    region: region.optional(),
    repo: z.string().optional(),
    branch: z.string().optional(),
    rootDir: z.string().optional(),
    dockerfilePath: z.string().optional(),
    dockerContext: z.string().optional(),
    dockerCommand: z.string().optional(),
    healthCheckPath: z.string().startsWith('/').optional(),
    preDeployCommand: z.string().optional(),
    maxShutdownDelaySeconds: z.number().int().min(1).max(300).optional(),
    // autoDeploy is deprecated in Render's schema; autoDeployTrigger replaces it.
    autoDeployTrigger: z.enum(['off', 'commit', 'checksPass']).optional(),
    numInstances: z.number().int().positive().optional(),
    buildFilter: buildFilter.optional(),
    envVars: z.array(envVar).optional(),
  })
  .strict();
export type RenderService = z.output<typeof renderService>;

export const renderDatabase = z
  .object({
    name: z.string(),
    databaseName: z.string().optional(),
    user: z.string().optional(),
    plan: plan.optional(),
    region: region.optional(),
    // A string in Render's schema ("17"), and fixed once the database exists.
    postgresMajorVersion: z.string().regex(/^\d+$/, 'must be a quoted major version such as "17"').optional(),
    ipAllowList: z.array(z.object({ source: z.string(), description: z.string().optional() }).strict()).optional(),
    diskSizeGB: z.number().int().positive().optional(),
  })
  .strict();

export const renderBlueprint = z
  .object({
    databases: z.array(renderDatabase).optional(),
    services: z.array(renderService),
    envVarGroups: z.array(z.object({ name: z.string(), envVars: z.array(envVar) }).strict()).optional(),
  })
  .strict();
export type RenderBlueprint = z.output<typeof renderBlueprint>;
