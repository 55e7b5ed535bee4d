// Health probes (Render's every few seconds, compose's, the images' HEALTHCHECK, the web's status reads) are not
// requests anyone follows: their traces are not recorded, in the API or the web, nor anything under them (the web's
// health route asks the API's).
import type { Attributes, Context, SpanKind } from '@opentelemetry/api';
import { ParentBasedSampler, type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace';
import { HEALTH_PATHS } from '@monitrax/contract/paths';

const PROBE_PATHS = new Set<string>(Object.values(HEALTH_PATHS));
const pathOf = (target: unknown) => (typeof target === 'string' ? (target.split('?')[0] ?? '') : '');

const skipHealthProbes: Sampler = {
  shouldSample(_context: Context, _traceId: string, spanName: string, _kind: SpanKind, attributes: Attributes): SamplingResult {
    // The path as the http instrumentation (url.path) and Next.js (http.target; and "GET /api/health" as the name) give it.
    const paths = [pathOf(attributes['url.path']), pathOf(attributes['http.target']), pathOf(spanName.split(' ')[1])];
    return { decision: paths.some((path) => PROBE_PATHS.has(path)) ? SamplingDecision.NOT_RECORD : SamplingDecision.RECORD_AND_SAMPLED };
  },
  toString: () => 'SkipHealthProbes',
};

/** Every trace but a health probe's; a span inside a trace follows its parent's decision. */
export const telemetrySampler: Sampler = new ParentBasedSampler({ root: skipHealthProbes });
