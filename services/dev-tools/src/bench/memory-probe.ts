// What a process still holds after its garbage collections: loaded into the API (`node --import`, through
// NODE_OPTIONS) by documents-bench.ts when BENCH_DOCUMENT_PROBE=1, never otherwise and never in an image. Node reports
// collections in batches, a little after they ran; for each batch, one line on stderr (the API's log file there):
// `[memory-probe] {"t":<epoch ms>,"kinds":["incremental","major",...],"heapUsed":<bytes>,"arrayBuffers":<bytes>}`,
// the figures read when the batch arrives: after its last collection. RSS says how much memory a process has taken
// from the system, which V8 and malloc keep for a while after use; heapUsed and arrayBuffers (Buffers' bytes outside
// the heap) right after a collection say what is still alive: a request that held a whole file would show it there.
import { constants, PerformanceObserver } from 'node:perf_hooks';

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

new PerformanceObserver((list) => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  const kinds = list.getEntries().map((entry) => KINDS[(entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other');
  process.stderr.write(`[memory-probe] ${JSON.stringify({ t: Date.now(), kinds, heapUsed, arrayBuffers })}\n`);
}).observe({ entryTypes: ['gc'] });
