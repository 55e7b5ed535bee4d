// Runs once when the server starts. The check itself lives in a Node-only module: Next compiles this
// file for the Edge runtime too, where process.exit does not exist.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { refuseToStartWithoutApiUrl } = await import('./lib/api/startup-check');
  refuseToStartWithoutApiUrl();
}
