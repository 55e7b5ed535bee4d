// The compose stack on an engine without a bridge network (where containers may use none): the merged config
// (`docker compose ... config --format json`) is checked before anything starts, since a service left on the
// default network, or one that joins networks of its own, would make compose create a bridge. Such machines add
// an override that puts every service on the host's network to COMPOSE_FILE (docs/machine-workarounds.md).

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
      `refusing to start: the engine has no bridge network, and a service would get one (${problems.join('; ')}). Put it on the host network in the override COMPOSE_FILE adds (services/machine-workarounds/compose.host-network.yaml).`,
    );
  }
}
