import { describe, expect, it } from 'vitest';
import { telemetrySettings } from './settings.ts';

describe('telemetrySettings', () => {
  it('is off without an endpoint, with an empty one, or when disabled', () => {
    expect(telemetrySettings({})).toBeUndefined();
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('is off with a value it cannot use, which the process config then refuses by name', () => {
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toBeUndefined();
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_METRIC_EXPORT_INTERVAL: 'soon' })).toBeUndefined();
  });

  it('is on with an endpoint, with the export intervals defaulted', () => {
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com' })).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com',
      OTEL_SDK_DISABLED: false,
      OTEL_METRIC_EXPORT_INTERVAL: 60_000,
      OTEL_BSP_SCHEDULE_DELAY: 5_000,
    });
  });
});
