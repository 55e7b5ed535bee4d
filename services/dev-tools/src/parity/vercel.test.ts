// The web on Vercel against the real files (they must agree), and against copies broken one way at a time (each
// break must be caught, with a message that says where and what), like checks.test.ts does for compose and Render.
import { describe, expect, it } from 'vitest';
import { loadProject } from './project.ts';
import { checkVercel, loadVercelFiles, parseEnvDeclaration, type VercelFiles } from './vercel.ts';

const real = { files: loadVercelFiles(), project: loadProject() };
const withoutLine = (text: string, name: string) =>
  text
    .split('\n')
    .filter((line) => !line.startsWith(`${name}=`))
    .join('\n');

const problemsOf = (files: VercelFiles, project = real.project) => checkVercel(files, project).problems;

describe('the web on Vercel', () => {
  it('passes on the repository as committed', () => {
    expect(problemsOf(real.files)).toEqual([]);
  });

  it('declares what the web needs on Vercel', () => {
    const names = parseEnvDeclaration(real.files.vercelEnv).entries.map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['API_URL', 'INTERNAL_API_SECRET', 'TRUST_PROXY']));
  });

  it.each<[string, (files: VercelFiles, project: typeof real.project) => VercelFiles | [VercelFiles, typeof real.project], RegExp]>([
    [
      'a variable the web requires in production, not declared for Vercel',
      (files) => ({ ...files, vercelEnv: withoutLine(files.vercelEnv, 'INTERNAL_API_SECRET') }),
      /^services\/web\/vercel\.env\.example: INTERNAL_API_SECRET is required by the web \(it refuses to start without it\) but is not declared for Vercel$/,
    ],
    [
      'the API URL left out',
      (files) => ({ ...files, vercelEnv: withoutLine(files.vercelEnv, 'API_URL') }),
      /vercel\.env\.example: API_URL is required by the web/,
    ],
    [
      'a misspelt variable',
      (files) => ({ ...files, vercelEnv: `${files.vercelEnv}\nAPI_ULR=\n` }),
      /^services\/web\/vercel\.env\.example:\d+: API_ULR is not read by the web \(known: .*API_URL/,
    ],
    [
      'a secret committed with its value',
      (files) => ({ ...files, vercelEnv: files.vercelEnv.replace(/^INTERNAL_API_SECRET=.*$/m, 'INTERNAL_API_SECRET=s3cret-s3cret-s3cret-s3cret-s3cret') }),
      /vercel\.env\.example:\d+: INTERNAL_API_SECRET is a secret: declare it empty/,
    ],
    [
      'no trusted hop, so every visitor would count as Vercel itself',
      (files) => ({ ...files, vercelEnv: files.vercelEnv.replace(/^TRUST_PROXY=.*$/m, 'TRUST_PROXY=0') }),
      /vercel\.env\.example: TRUST_PROXY must be 1 \(Vercel's edge is the one proxy in front of the web\), found "0"/,
    ],
    [
      'a line that is not NAME=value',
      (files) => ({ ...files, vercelEnv: `${files.vercelEnv}\nexport API_URL\n` }),
      /vercel\.env\.example:\d+: not a NAME=value line/,
    ],
    [
      "functions in Vercel's default region, half a world from the API",
      (files) => ({ ...files, vercelJson: files.vercelJson.replace('"sin1"', '"iad1"') }),
      /^services\/web\/vercel\.json: regions must be \["sin1"\], next to the API \(render\.yaml: singapore\); found \["iad1"\]/,
    ],
    [
      'no region at all',
      (files) => {
        const config = JSON.parse(files.vercelJson) as Record<string, unknown>;
        delete config.regions;
        return { ...files, vercelJson: JSON.stringify(config) };
      },
      /vercel\.json: regions must be \["sin1"\].*found nothing \(Vercel defaults to iad1\)/,
    ],
    [
      'the API moved to another region, the web left behind',
      (files, project) => {
        const render = structuredClone(project.render) as { services: Array<{ name: string; region?: string }> };
        render.services.find((service) => service.name === 'monitrax-api')!.region = 'frankfurt';
        return [files, { ...project, render }];
      },
      /vercel\.json: regions must be \["fra1"\], next to the API \(render\.yaml: frankfurt\); found \["sin1"\]/,
    ],
    [
      'a .dockerignore that lets a local Vercel build into the images',
      (files, project) => [files, { ...project, dockerignore: project.dockerignore.replace(/^\.vercel\/$/m, '').replace(/^\*\*\/\.vercel\/$/m, '') }],
      /^\.dockerignore: must exclude \.vercel\//,
    ],
  ])('catches %s', (_name, change, expected) => {
    const changed = change(structuredClone(real.files), real.project);
    const [files, project] = Array.isArray(changed) ? changed : [changed, real.project];
    const problems = problemsOf(files, project);
    expect(
      problems.some((problem) => expected.test(problem)),
      problems.join('\n'),
    ).toBe(true);
  });
});
