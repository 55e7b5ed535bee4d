import { describe, expect, it } from 'vitest';
import { fakeWorld } from '../fake-world.ts';
import { checkNodeVersion, describeNodeSource, majorOf } from './node-version.ts';

describe('node version', () => {
  it('reads majors', () => {
    expect(majorOf('v24.21.0')).toBe(24);
    expect(majorOf('24')).toBe(24);
    expect(majorOf('lts/*')).toBeUndefined();
  });

  it('is ok when the major matches .nvmrc, and says where Node came from', async () => {
    const result = await checkNodeVersion(fakeWorld());
    expect(result).toMatchObject({ name: 'node', status: 'ok' });
    expect(result.detail).toBe(
      'v24.21.0 from .tools/node-v24.21.0-linux-x64/bin/node, fetched from the npm registry by services/machine-workarounds/bin/use-node.sh',
    );
  });

  it('accepts another release of the same major, naming the pinned one', async () => {
    const result = await checkNodeVersion(fakeWorld({ nodeVersion: 'v24.3.0', execPath: '/usr/local/bin/node' }));
    expect(result.status).toBe('ok');
    expect(result.detail).toBe('v24.3.0 from /usr/local/bin/node (first on PATH) (.nvmrc pins 24.21.0; same major)');
  });

  it('fails on another major, with how to run the pinned one', async () => {
    const result = await checkNodeVersion(fakeWorld({ nodeVersion: 'v22.22.0', execPath: '/root/.nvm/versions/node/v22.22.0/bin/node' }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('v22.22.0 from /root/.nvm/versions/node/v22.22.0/bin/node (nvm), but .nvmrc pins 24.21.0 (major 24)');
    expect(result.fix).toContain('make doctor');
    expect(result.fix).toContain('services/machine-workarounds/bin/use-node.sh');
  });

  it('warns when .nvmrc is missing or not a version', async () => {
    expect((await checkNodeVersion(fakeWorld({ files: {} }))).status).toBe('warn');
    const odd = await checkNodeVersion(fakeWorld({ files: { '/repo/.nvmrc': 'lts/*' } }));
    expect(odd.status).toBe('warn');
    expect(odd.fix).toBeTruthy();
  });

  it('names version managers', () => {
    expect(describeNodeSource('/home/a/.volta/tools/image/node/24.1.0/bin/node', '/repo')).toContain('(version manager)');
  });
});
