// Telemetry for a Node process (the API, the worker), started by its entry file before anything else is imported:
// the instrumentations patch express and pg as they load, and in native ES modules that takes a loader hook
// (import-in-the-middle) registered first. With OTEL_EXPORTER_OTLP_ENDPOINT unset this imports nothing and returns
// undefined: no SDK, no hook, and @opentelemetry/api's calls elsewhere stay no-ops.
import { telemetrySettings } from './settings.ts';
import type { NodeService } from './node-instrumentations.ts';
import type { Telemetry } from './sdk.ts';

export type { NodeService, Telemetry };

/** The packages patched through the ES module hook (only these are wrapped). */
const HOOKED_MODULES = ['express', 'pg', 'pg-pool'];

export async function startTelemetry(service: NodeService, options: { serviceVersion?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Telemetry | undefined> {
  const settings = telemetrySettings(options.env ?? process.env);
  if (!settings) return undefined;
  const { register, supportsSyncHooks } = await import('import-in-the-middle/register-hooks.mjs');
  if (supportsSyncHooks()) register({ include: HOOKED_MODULES });
  else process.stderr.write(`telemetry: Node ${process.version} cannot hook ES modules in-thread (24.11.1 or later can): no Express spans or route names\n`);
  const [{ startSdk }, { nodeInstrumentations }] = await Promise.all([import('./sdk.ts'), import('./node-instrumentations.ts')]);
  return startSdk(
    { serviceName: `monitrax-${service}`, serviceVersion: options.serviceVersion, instrumentations: nodeInstrumentations(service, settings) },
    settings,
  );
}
