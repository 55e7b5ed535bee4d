// Shared "is this process on its way out?" flag: flipped first thing on SIGTERM so readiness answers
// 503 at once and responses ask keep-alive clients to reconnect elsewhere.
export interface Lifecycle {
  readonly shuttingDown: boolean;
  beginShutdown(): void;
}

export function createLifecycle(): Lifecycle {
  let shuttingDown = false;
  return {
    get shuttingDown() {
      return shuttingDown;
    },
    beginShutdown() {
      shuttingDown = true;
    },
  };
}
