// Container health check without curl: `node docker/healthcheck.mjs [path]` (default /api/health).
// Asks http://127.0.0.1:$PORT<path> (PORT as the server itself reads it; HEALTHCHECK_PORT overrides) and
// exits 0 on a 2xx answer, 1 otherwise (non-2xx, refused, or no answer within HEALTHCHECK_TIMEOUT_MS,
// default 4000, under Docker's and Render's 5 s limits). One short line on stdout for `docker inspect`.
// Plain JavaScript (.mjs) so it starts fast and needs nothing but Node.
const path = process.argv[2] ?? '/api/health';
const port = process.env.HEALTHCHECK_PORT ?? process.env.PORT ?? '3000';
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS ?? 4000);
const url = `http://127.0.0.1:${port}${path}`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'monitrax-healthcheck' } });
  const body = await response.text();
  let status = '';
  try {
    status = JSON.parse(body).status ?? '';
  } catch {
    // Not JSON: the HTTP status alone decides.
  }
  console.log(`${url} -> ${response.status}${status ? ` ${status}` : ''}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  const reason =
    error?.name === 'TimeoutError'
      ? `no answer within ${timeoutMs} ms`
      : (error?.cause?.code ?? error?.cause?.errors?.[0]?.code ?? error?.cause?.message ?? error?.message ?? String(error));
  console.log(`${url} -> ${reason}`);
  process.exit(1);
}
