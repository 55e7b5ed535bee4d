import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { telemetrySampler } from './probes.ts';

const decide = (name: string, attributes: Record<string, string> = {}) =>
  telemetrySampler.shouldSample(ROOT_CONTEXT, '0af7651916cd43dd8448eb211c80319c', name, SpanKind.SERVER, attributes, []).decision;

describe('telemetrySampler', () => {
  it('records no health probe, as the http instrumentation or Next.js names it', () => {
    expect(decide('GET', { 'url.path': '/api/health' })).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('GET', { 'url.path': '/api/health/live' })).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('GET /api/health?details=1', { 'http.target': '/api/health?details=1' })).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('GET /api/health')).toBe(SamplingDecision.NOT_RECORD);
  });

  it('records every other request', () => {
    expect(decide('POST', { 'url.path': '/api/properties' })).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('GET /properties', { 'http.target': '/properties' })).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('GET /api/healthy-looking')).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});
