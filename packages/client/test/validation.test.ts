// Validation before the network: every constraint of the spec, reported as
// `<JSON pointer> <constraint>`, with nothing sent and no secret value in the report.
import { describe, expect, it } from 'vitest';
import {
  createClient,
  type StartJobBuildRequest,
  ValidationError,
  type ValidationIssue,
} from '../src/index.js';
import { SHA, TOKEN, useTestServer } from './helpers/server.js';

const server = useTestServer();

const params = { projectId: 'p', jobId: 'j' };
const DOCKER_FILE_PATH = '^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]+$';
const DOCKER_WORK_DIR = '^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]*$';
const DOCKERFILE_TARGET = '^[a-zA-Z0-9-_]+$';

/** The issues a body produces, as `<pointer> <message>` lines; asserts that nothing was sent. */
async function issuesOf(body: unknown, path: Record<string, unknown> = params): Promise<string[]> {
  const client = createClient({ token: TOKEN, baseUrl: server.url });
  const error = await client
    .startJobBuild(path as typeof params, body as StartJobBuildRequest)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(server.requests).toHaveLength(0);
  return (error as ValidationError).issues.map((issue) => `${issue.pointer} ${issue.message}`);
}

describe('valid bodies pass', () => {
  it.each([
    ['no body', undefined],
    ['an empty body', {}],
    ['a sha', { sha: SHA }],
    ['empty overrides', { overrides: {} }],
    [
      "the seed's overrides example",
      {
        sha: SHA,
        overrides: {
          buildArguments: { ARGUMENT_1: 'abcdef', ARGUMENT_2: '12345' },
          buildFiles: { '/dir/fileName': { data: 'VGhpcw==', encoding: 'utf-8' } },
          dockerSecretMounts: { 'example-secret-mount_1': { data: 'VGhpcw==', encoding: 'utf-8' } },
          docker: { dockerFilePath: '/Dockerfile', dockerWorkDir: '/', dockerfileTarget: 'production' },
        },
      },
    ],
    ['undefined members (dropped by JSON)', { sha: undefined, overrides: undefined }],
  ])('%s', async (_name, body) => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    await client.startJobBuild(params, body as StartJobBuildRequest);
    expect(server.requests).toHaveLength(1);
  });
});

describe('each constraint of the spec', () => {
  it('sha must be exactly 40 characters and a string', async () => {
    expect(await issuesOf({ sha: 'abc' })).toEqual(['/sha must NOT have fewer than 40 characters']);
    expect(await issuesOf({ sha: `${SHA}0` })).toEqual(['/sha must NOT have more than 40 characters']);
    expect(await issuesOf({ sha: 42 })).toEqual(['/sha must be string']);
    expect(await issuesOf({ sha: 'abc', overrides: {} })).toEqual([
      '/sha must NOT have fewer than 40 characters',
    ]);
  });

  it('dockerFilePath must match its pattern', async () => {
    for (const value of ['Dockerfile', '/dir/', '/a b', '/../$x']) {
      expect(await issuesOf({ overrides: { docker: { dockerFilePath: value } } })).toEqual([
        `/overrides/docker/dockerFilePath must match pattern "${DOCKER_FILE_PATH}"`,
      ]);
    }
  });

  it('dockerWorkDir must match its pattern', async () => {
    for (const value of ['relative', '/a b/', '']) {
      expect(await issuesOf({ overrides: { docker: { dockerWorkDir: value } } })).toEqual([
        `/overrides/docker/dockerWorkDir must match pattern "${DOCKER_WORK_DIR}"`,
      ]);
    }
  });

  it('dockerfileTarget must match its pattern', async () => {
    for (const value of ['build stage', 'stage.1', '']) {
      expect(await issuesOf({ overrides: { docker: { dockerfileTarget: value } } })).toEqual([
        `/overrides/docker/dockerfileTarget must match pattern "${DOCKERFILE_TARGET}"`,
      ]);
    }
  });

  it('docker paths must be strings', async () => {
    expect(await issuesOf({ overrides: { docker: { dockerFilePath: 1 } } })).toEqual([
      '/overrides/docker/dockerFilePath must be string',
    ]);
  });

  it('buildFiles keys must be absolute paths (the pointer escapes "/" as ~1)', async () => {
    expect(
      await issuesOf({ overrides: { buildFiles: { 'dir/file': { data: 'eA==', encoding: 'utf-8' } } } }),
    ).toEqual(['/overrides/buildFiles/dir~1file property name must match pattern "^/"']);
  });

  it('secret entries need data and encoding strings and nothing else', async () => {
    expect(await issuesOf({ overrides: { buildFiles: { '/f': { data: 'eA==' } } } })).toEqual([
      '/overrides/buildFiles/~1f/encoding is required',
    ]);
    expect(await issuesOf({ overrides: { dockerSecretMounts: { m: { encoding: 'utf-8' } } } })).toEqual([
      '/overrides/dockerSecretMounts/m/data is required',
    ]);
    expect(
      await issuesOf({ overrides: { dockerSecretMounts: { m: { data: 7, encoding: 'utf-8' } } } }),
    ).toEqual(['/overrides/dockerSecretMounts/m/data must be string']);
    expect(await issuesOf({ overrides: { dockerSecretMounts: { m: 'plain string' } } })).toEqual([
      '/overrides/dockerSecretMounts/m must be object',
    ]);
    expect(
      await issuesOf({ overrides: { buildFiles: { '/f': { data: 'eA==', encoding: 'utf-8', mode: 420 } } } }),
    ).toEqual(['/overrides/buildFiles/~1f/mode is not a known property']);
  });

  it('build argument values must be strings', async () => {
    expect(await issuesOf({ overrides: { buildArguments: { PORT: 8080, OK: 'yes', FLAG: true } } })).toEqual([
      '/overrides/buildArguments/PORT must be string',
      '/overrides/buildArguments/FLAG must be string',
    ]);
  });

  it('unknown keys are refused at every level', async () => {
    expect(await issuesOf({ sah: SHA })).toEqual(['/sah is not a known property']);
    expect(await issuesOf({ sha: SHA, overrides: {}, extra: 1 })).toEqual(['/extra is not a known property']);
    expect(await issuesOf({ overrides: { dockr: {} } })).toEqual([
      '/overrides/dockr is not a known property',
    ]);
    expect(await issuesOf({ overrides: { docker: { dockerfilePath: '/Dockerfile' } } })).toEqual([
      '/overrides/docker/dockerfilePath is not a known property',
    ]);
  });

  it('overrides must be an object, and so must each override group', async () => {
    expect(await issuesOf({ overrides: 'none' })).toEqual(['/overrides must be object']);
    expect(await issuesOf({ overrides: null })).toEqual(['/overrides must be object']);
    expect(await issuesOf({ overrides: { buildArguments: [] } })).toEqual([
      '/overrides/buildArguments must be object',
    ]);
    expect(await issuesOf({ overrides: { docker: 'x' } })).toEqual(['/overrides/docker must be object']);
  });

  it('the body must be an object', async () => {
    for (const body of [null, [], 'sha', 7, true]) {
      expect(await issuesOf(body)).toEqual([' must be object']);
    }
  });

  it('reports every problem at once, with keyword and params', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = (await client
      .startJobBuild(params, {
        sha: 'short',
        overrides: { docker: { dockerfileTarget: 'a b' }, buildArguments: { A: 1 as unknown as string } },
      })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error.issues).toEqual<ValidationIssue[]>([
      {
        in: 'body',
        pointer: '/sha',
        keyword: 'minLength',
        params: { limit: 40 },
        message: 'must NOT have fewer than 40 characters',
      },
      {
        in: 'body',
        pointer: '/overrides/buildArguments/A',
        keyword: 'type',
        params: { type: 'string' },
        message: 'must be string',
      },
      {
        in: 'body',
        pointer: '/overrides/docker/dockerfileTarget',
        keyword: 'pattern',
        params: { pattern: DOCKERFILE_TARGET },
        message: `must match pattern "${DOCKERFILE_TARGET}"`,
      },
    ]);
    expect(error.message).toBe(
      [
        'Invalid request, nothing was sent:',
        '  body sha (/sha): must NOT have fewer than 40 characters',
        '  body overrides.buildArguments.A (/overrides/buildArguments/A): must be string',
        `  body overrides.docker.dockerfileTarget (/overrides/docker/dockerfileTarget): must match pattern "${DOCKERFILE_TARGET}"`,
      ].join('\n'),
    );
  });

  it('refuses a body that cannot be serialised as JSON', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(await issuesOf(circular)).toEqual([' cannot be serialised as JSON']);
    expect(await issuesOf({ sha: 10n })).toEqual([' cannot be serialised as JSON']);
  });
});

describe('path parameters', () => {
  it('must be non-empty strings (per the spec) and not dot segments', async () => {
    expect(await issuesOf(undefined, { projectId: '', jobId: 'j' })).toEqual([
      '/projectId must NOT have fewer than 1 characters',
    ]);
    expect(await issuesOf(undefined, { projectId: 'p', jobId: 7 })).toEqual(['/jobId must be string']);
    expect(await issuesOf(undefined, { projectId: '.', jobId: '..' })).toEqual([
      '/projectId must be a non-empty, well-formed string other than "." and ".."',
      '/jobId must be a non-empty, well-formed string other than "." and ".."',
    ]);
    expect(await issuesOf(undefined, {})).toEqual(['/projectId is required', '/jobId is required']);
  });

  it('of every operation are checked: a missing buildId is required, an unknown name refused', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const missing = await client
      .getJobBuild({ projectId: 'p', jobId: 'j' } as { projectId: string; jobId: string; buildId: string })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ValidationError);
    expect((missing as ValidationError).issues).toEqual<ValidationIssue[]>([
      {
        in: 'path',
        pointer: '/buildId',
        keyword: 'required',
        params: { missingProperty: 'buildId' },
        message: 'is required',
      },
    ]);
    expect((missing as ValidationError).message).toBe(
      'Invalid request, nothing was sent:\n  path parameter buildId: is required',
    );
    const aborted = await client
      .abortJobBuild({ projectId: 'p', jobId: 'j', buildId: '' })
      .catch((e: unknown) => e);
    expect((aborted as ValidationError).issues.map((i) => `${i.in} ${i.pointer} ${i.keyword}`)).toEqual([
      'path /buildId minLength',
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('query parameters are reported as such', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = (await client
      .listJobBuilds({ projectId: 'p', jobId: 'j', per_page: 0, page: 1.5, cursor: 7 as unknown as string })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => `${i.in} ${i.pointer} ${i.message}`)).toEqual([
      'query /per_page must be >= 1',
      'query /page must be integer',
      'query /cursor must be string',
    ]);
    expect(error.message).toContain('  query parameter per_page: must be >= 1');
    expect(server.requests).toHaveLength(0);
  });

  it('are reported together with body issues, marked as path parameters', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = (await client
      .startJobBuild({ projectId: '', jobId: 'j' }, { sha: 'x' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.map((issue) => issue.in)).toEqual(['path', 'body']);
    expect(error.message).toContain('  path parameter projectId: must NOT have fewer than 1 characters');
    expect(error.message).toContain('  body sha (/sha): must NOT have fewer than 40 characters');
  });

  it('are checked even with validateRequests off', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url, validateRequests: false });
    await expect(client.startJobBuild({ projectId: '..', jobId: 'j' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('validateRequests: false', () => {
  it('sends a body the spec would refuse, for the server to judge', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url, validateRequests: false });
    await client.startJobBuild(params, { sha: 'short' });
    expect(server.requests[0]?.body).toBe('{"sha":"short"}');
  });
});

describe('secrets in invalid bodies', () => {
  it('never appear in the issues or the message', async () => {
    const secrets = ['hunter2-build-arg', 'c2VjcmV0LWZpbGUtY29udGVudHM=', 'c2VjcmV0LW1vdW50'];
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = (await client
      .startJobBuild(params, {
        overrides: {
          buildArguments: { GOOD: secrets[0] as string, BAD: 1 as unknown as string },
          buildFiles: { relative: { data: secrets[1] as string, encoding: 'utf-8', extra: 'x' } as never },
          dockerSecretMounts: { m: { data: secrets[2] as string } as never },
        },
      })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.length).toBeGreaterThanOrEqual(4);
    const printed = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(error.issues)}`;
    for (const secret of secrets) expect(printed).not.toContain(secret);
  });
});

describe('the message a reader sees', () => {
  it('names a field as code would, beside its JSON pointer', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = (await client
      .startJobBuild(params, {
        overrides: {
          buildFiles: { 'app/.env': { data: 'eA==', encoding: 'utf-8' } },
          buildArguments: { 'MY-KEY': 1 as never },
        },
      })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error.message).toContain(
      `  body overrides.buildFiles["app/.env"] (/overrides/buildFiles/app~1.env): property name must match pattern "^/"`,
    );
    expect(error.message).toContain(
      '  body overrides.buildArguments["MY-KEY"] (/overrides/buildArguments/MY-KEY): must be string',
    );
    const numbered = (await client
      .startJobBuild(params, { overrides: { buildArguments: { '01': 1 as never } } })
      .catch((e: unknown) => e)) as ValidationError;
    // "01" is a key, not index 1.
    expect(numbered.message).toContain(
      '  body overrides.buildArguments["01"] (/overrides/buildArguments/01): must be string',
    );
    expect(server.requests).toHaveLength(0);
  });
});
