// Process entry (`node services/worker/src/main.ts`): telemetry first, when OTEL_EXPORTER_OTLP_ENDPOINT is set, because
// it must hook pg before anything imports it; then the worker (./run-worker.ts), imported only after.
import { startTelemetry } from '@monitrax/telemetry/start';

const telemetry = await startTelemetry('worker');
const { runWorker } = await import('./run-worker.ts');
await runWorker(telemetry);
