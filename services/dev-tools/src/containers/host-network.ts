// The compose stack on the host's network, for machines where containers may use no bridge network.
// docker/compose.host-network.yaml puts every service there (and drops the published ports with `!reset`); this
// checks the merged config (`docker compose ... config --format json`) before anything starts: a service left on
// the default network, or one that joins networks of its own, would make compose create a bridge.

export class HostNetworkError extends Error {
  override name = 'HostNetworkError';
}

type Service = Record<string, unknown>;

export function assertHostNetwork(merged: unknown): void {
  if (typeof merged !== 'object' || merged === null || typeof (merged as { services?: unknown }).services !== 'object') {
    throw new HostNetworkError('the merged compose config has no services');
  }
  const problems: string[] = [];
  for (const [name, service] of Object.entries((merged as { services: Record<string, Service> }).services)) {
    if (service.network_mode !== 'host') problems.push(`${name} is not on the host network (network_mode: ${String(service.network_mode ?? 'default')})`);
    if (service.networks !== undefined && Object.keys(service.networks as object).length > 0) problems.push(`${name} joins networks of its own`);
  }
  if (problems.length) {
    throw new HostNetworkError(
      `refusing to start: a service would get a bridge network (${problems.join('; ')}). List it in docker/compose.host-network.yaml with network_mode: host.`,
    );
  }
}
