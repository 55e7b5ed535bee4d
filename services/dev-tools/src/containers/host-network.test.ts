// The host-network check: a service left off the host network stops everything (it would make compose create a
// bridge network, which these machines must never have).
import { describe, expect, it } from 'vitest';
import { composeVersion, isSupportedCompose } from './compose-command.ts';
import { assertHostNetwork, HostNetworkError } from './host-network.ts';

const merged = () =>
  ({
    name: 'monitrax',
    services: {
      db: { image: 'postgres:17', network_mode: 'host' },
      api: { image: 'monitrax-api:local', network_mode: 'host', extra_hosts: ['db:127.0.0.1'] },
    },
    volumes: { 'db-data': {} },
  }) as { services: Record<string, Record<string, unknown>> };

describe('assertHostNetwork', () => {
  it('accepts a config whose every service is on the host network', () => {
    expect(() => assertHostNetwork(merged())).not.toThrow();
  });

  it('refuses a service that is not on the host network, naming it', () => {
    const input = merged();
    input.services.web = { image: 'monitrax-web:local' };
    expect(() => assertHostNetwork(input)).toThrow(HostNetworkError);
    expect(() => assertHostNetwork(input)).toThrow(/web is not on the host network \(network_mode: default\)/);
  });

  it('refuses a service that joins networks of its own', () => {
    const input = merged();
    input.services.api!.networks = { backend: null };
    expect(() => assertHostNetwork(input)).toThrow(/api joins networks of its own/);
  });

  it('refuses something that is not a compose config', () => {
    expect(() => assertHostNetwork('services: nope')).toThrow(/has no services/);
  });
});

describe('the Compose version', () => {
  it('reads the versions Compose v2 prints', () => {
    expect(composeVersion('2.26.1-4')).toEqual({ major: 2, minor: 26 });
    expect(composeVersion('v2.29.7')).toEqual({ major: 2, minor: 29 });
    expect(composeVersion('not a version')).toBeUndefined();
  });

  it('needs 2.24 or newer (the override uses !reset)', () => {
    expect(isSupportedCompose('2.24.0')).toBe(true);
    expect(isSupportedCompose('v2.40.3-desktop.1')).toBe(true);
    expect(isSupportedCompose('3.0.0')).toBe(true);
    expect(isSupportedCompose('2.23.3')).toBe(false);
    expect(isSupportedCompose('1.29.2')).toBe(false);
  });
});
