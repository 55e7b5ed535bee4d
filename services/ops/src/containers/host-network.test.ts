// The host-network compose file: ports go, and a service left off the host network stops everything (it would
// make compose create a bridge network, which these machines must never have).
import { describe, expect, it } from 'vitest';
import { HostNetworkError, hostNetworkConfig, withSecretReferences } from './host-network.ts';

const merged = () => ({
  services: {
    db: { image: 'postgres:17', network_mode: 'host', ports: ['127.0.0.1:5432:5432/tcp'] },
    api: { image: 'monitrax-api:local', network_mode: 'host', ports: ['127.0.0.1:4000:4000/tcp'], extra_hosts: ['db:127.0.0.1'] },
  },
  volumes: { 'db-data': {} },
});

describe('hostNetworkConfig', () => {
  it('removes published ports and keeps everything else', () => {
    const config = hostNetworkConfig(merged()) as ReturnType<typeof merged>;
    expect(config.services.db).toEqual({ image: 'postgres:17', network_mode: 'host' });
    expect(config.services.api.extra_hosts).toEqual(['db:127.0.0.1']);
    expect(config.volumes).toEqual({ 'db-data': {} });
  });

  it('does not change its input', () => {
    const input = merged();
    hostNetworkConfig(input);
    expect(input.services.db.ports).toHaveLength(1);
  });

  it('refuses a service that is not on the host network, naming it', () => {
    const input = merged() as { services: Record<string, Record<string, unknown>> };
    input.services.web = { image: 'monitrax-web:local' };
    expect(() => hostNetworkConfig(input)).toThrow(HostNetworkError);
    expect(() => hostNetworkConfig(input)).toThrow(/web is not on the host network \(network_mode: default\)/);
  });

  it('refuses a service that joins networks of its own', () => {
    const input = merged() as { services: Record<string, Record<string, unknown>> };
    input.services.api!.networks = ['backend'];
    expect(() => hostNetworkConfig(input)).toThrow(/api joins networks of its own/);
  });

  it('refuses something that is not a compose config', () => {
    expect(() => hostNetworkConfig('services: nope')).toThrow(/has no services/);
  });
});

describe('withSecretReferences', () => {
  it('puts secrets back as ${NAME} references, inside composite values too, so the file on disk holds none', () => {
    const config = {
      services: {
        api: { environment: { DATABASE_URL: 'postgresql://monitrax:s3cr3t-pw@db:5432/monitrax', JWT_SECRET: 'jwt-value', PORT: '4000' } },
        db: { environment: { POSTGRES_PASSWORD: 's3cr3t-pw' } },
      },
    };
    const written = JSON.stringify(withSecretReferences(config, { POSTGRES_PASSWORD: 's3cr3t-pw', JWT_SECRET: 'jwt-value' }));
    expect(written).not.toContain('s3cr3t-pw');
    expect(written).not.toContain('jwt-value');
    expect(written).toContain('postgresql://monitrax:${POSTGRES_PASSWORD}@db:5432/monitrax');
    expect(written).toContain('"JWT_SECRET":"${JWT_SECRET}"');
    expect(written).toContain('"PORT":"4000"');
  });

  it('leaves the config alone when a secret is unset', () => {
    const config = { services: { api: { environment: { PORT: '4000' } } } };
    expect(withSecretReferences(config, { JWT_SECRET: undefined })).toEqual(config);
  });
});
