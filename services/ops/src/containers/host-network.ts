// The compose stack on the host's network, for machines where containers may use no bridge network.
// docker-compose 1.29 refuses `ports:` on a host-networked service and has no way for an override to remove
// them, so the override (docker/compose.host-network.yaml) is merged by `compose config` and this turns the
// merged document into the file that actually runs: ports removed, and every service verified to be on the
// host network with no network of its own, so that `up` cannot create a bridge.

export class HostNetworkError extends Error {
  override name = 'HostNetworkError';
}

type Service = Record<string, unknown>;

export function hostNetworkConfig(merged: unknown): Record<string, unknown> {
  if (typeof merged !== 'object' || merged === null || typeof (merged as { services?: unknown }).services !== 'object') {
    throw new HostNetworkError('the merged compose config has no services');
  }
  const config = structuredClone(merged) as Record<string, unknown> & { services: Record<string, Service> };
  const problems: string[] = [];
  for (const [name, service] of Object.entries(config.services)) {
    delete service.ports; // published ports mean nothing on the host network; 1.29 refuses them there
    if (service.network_mode !== 'host') problems.push(`${name} is not on the host network (network_mode: ${String(service.network_mode ?? 'default')})`);
    if (service.networks !== undefined) problems.push(`${name} joins networks of its own`);
  }
  // `config` may list the default network even when nothing uses it; keep only an empty map out of the file.
  const networks = config.networks as Record<string, unknown> | undefined;
  if (networks && Object.keys(networks).length > 0) {
    const used = Object.values(config.services).some((service) => service.networks !== undefined);
    if (used) problems.push(`the config defines networks (${Object.keys(networks).join(', ')})`);
  }
  delete config.networks;
  if (problems.length) {
    throw new HostNetworkError(`refusing to start: a service would get a bridge network (${problems.join('; ')}). List it in docker/compose.host-network.yaml with network_mode: host.`);
  }
  return config;
}

/**
 * `compose config` writes interpolated values, secrets included. Put each secret back as a `${NAME}` reference
 * (compose interpolates the file again from the environment and .env when it runs it), so that the file written
 * to disk holds none. Replacing every occurrence is exact: interpolation turns each back into the same text.
 */
export function withSecretReferences(config: Record<string, unknown>, secrets: Record<string, string | undefined>): Record<string, unknown> {
  const copy = structuredClone(config) as { services?: Record<string, { environment?: Record<string, unknown> }> };
  const pairs = Object.entries(secrets).filter((pair): pair is [string, string] => typeof pair[1] === 'string' && pair[1].length > 0);
  for (const service of Object.values(copy.services ?? {})) {
    for (const [name, value] of Object.entries(service.environment ?? {})) {
      if (typeof value !== 'string') continue;
      let text = value;
      for (const [variable, secret] of pairs) text = text.split(secret).join(`\${${variable}}`);
      service.environment![name] = text;
    }
  }
  return copy as Record<string, unknown>;
}
