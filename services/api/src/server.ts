// Process entry (`node services/api/src/server.ts`): telemetry first, when OTEL_EXPORTER_OTLP_ENDPOINT is set, because
// it must hook express and pg before anything imports them; then the server (./serve.ts), imported only after.
import { startTelemetry } from '@monitrax/telemetry/start';

const telemetry = await startTelemetry('api');
const { serve } = await import('./serve.ts');
await serve(telemetry);
