// The pure parts of make vercel-build and of serving its output: the door's overrides, the project settings written
// from the repository, and the Build Output routing rules the edge applies.
import { describe, expect, it } from 'vitest';
import { matchRoute, phases, substitute } from './edge.ts';
import { projectJson, projectJsonFrom } from './project-settings.ts';
import { runtimeMajor } from './functions.ts';
import { toolManifest } from '../pinned-tool.ts';
import { parseOverrides, VERCEL_CLI_VERSION, vercelTool } from './tool.ts';

describe('the pinned Vercel CLI', () => {
  it('installs plainly when the door gives no overrides, and with exactly the ones it gives', () => {
    expect(toolManifest(vercelTool(parseOverrides(undefined)))).not.toHaveProperty('overrides');
    expect(toolManifest(vercelTool(parseOverrides('sandbox@4.5.0')))).toMatchObject({
      dependencies: { vercel: VERCEL_CLI_VERSION },
      overrides: { sandbox: '4.5.0' },
    });
    expect(parseOverrides('@scope/a@1.2.3, b@0.1.0-beta.2')).toEqual({ '@scope/a': '1.2.3', b: '0.1.0-beta.2' });
  });

  it('refuses an override that is not name@exact-version', () => {
    expect(() => parseOverrides('sandbox@^4')).toThrow(/VERCEL_CLI_NPM_OVERRIDES: "sandbox@\^4" is not name@exact-version/);
  });
});

describe('the project settings vercel build reads', () => {
  it('come from the repository: root directory, framework, the Node major .nvmrc pins', () => {
    expect(projectJsonFrom().settings).toMatchObject({
      framework: 'nextjs',
      rootDirectory: 'services/web',
      nodeVersion: '24.x',
      sourceFilesOutsideRootDirectory: true,
    });
    expect(projectJsonFrom().projectId).toMatch(/not_linked/);
  });

  it('refuse a vercel.json without a framework', () => {
    expect(() => projectJson({}, '24.21.0')).toThrow(/"framework" must name the framework/);
  });
});

describe('the routes of a Build Output config', () => {
  it('split into phases at each handle', () => {
    const byPhase = phases([{ src: '/a' }, { handle: 'filesystem' }, { src: '/b' }, { handle: 'error' }, { src: '/c' }]);
    expect([...byPhase.keys()]).toEqual([null, 'filesystem', 'error']);
    expect(byPhase.get('filesystem')).toEqual([{ src: '/b' }]);
  });

  it('match src with has and missing header conditions, and capture groups from both', () => {
    const route = {
      src: '/(?<path>.+?)(?:/)?$',
      has: [
        { type: 'header', key: 'rsc', value: '1' },
        { type: 'header', key: 'next-router-segment-prefetch', value: '/(?<segmentPath>.+)' },
      ],
      missing: [{ type: 'header', key: 'x-prerender-revalidate' }],
    };
    const captures = matchRoute(route, '/dashboard', { rsc: '1', 'next-router-segment-prefetch': '/_tree' });
    expect(captures).toMatchObject({ path: 'dashboard', segmentPath: '_tree' });
    expect(substitute('/$path.segments/$segmentPath.segment.rsc', captures!)).toBe('/dashboard.segments/_tree.segment.rsc');
    expect(matchRoute(route, '/dashboard', { rsc: '1' })).toBeUndefined();
    expect(matchRoute(route, '/dashboard', { rsc: '1', 'next-router-segment-prefetch': '/x', 'x-prerender-revalidate': 'y' })).toBeUndefined();
  });

  it('read the Node major from a function runtime', () => {
    expect(runtimeMajor('nodejs24.x')).toBe(24);
    expect(runtimeMajor('edge')).toBeUndefined();
  });
});
