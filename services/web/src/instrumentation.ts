// Runs once when the server starts. The work lives in Node-only modules: Next compiles this file for the Edge
// runtime too, where process.exit and node:diagnostics_channel do not exist.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  // Traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/observability.md); nothing otherwise.
  const { startWebTelemetry } = await import('@monitrax/telemetry/start-web');
  await startWebTelemetry();
  const { refuseToStartWithBadSettings } = await import('./lib/api/startup-check');
  refuseToStartWithBadSettings();
  const { loadWebConfig } = await import('./config/env');
  const { stampClientAddresses } = await import('./lib/api/client-address');
  stampClientAddresses(loadWebConfig().trustedHops);
}
