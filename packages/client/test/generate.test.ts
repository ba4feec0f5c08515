// The generated table of operations (src/generated/operations.js) is what the bundled spec
// produces now; its entries are derived from the spec (method, path, parameters, retry policy,
// secret fields), its validators judge bodies and parameters exactly as Ajv does when it
// compiles the spec directly, and an operation added to the spec gets an entry without any
// hand-written code.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { type Operation, operations } from '../src/generated/operations.js';

const run = promisify(execFile);
const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const script = join(pkgDir, 'scripts/generate.mjs');
const generatedDir = join(pkgDir, 'src/generated');
const require = createRequire(import.meta.url);
const specPath = require.resolve('@start-job-build/types/openapi.json');

// biome-ignore lint/suspicious/noExplicitAny: the spec is read as untyped JSON.
type Json = Record<string, any>;
const spec: Json = JSON.parse(readFileSync(specPath, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** RFC 9110's idempotent methods. */
const IDEMPOTENT_METHODS = new Set(['get', 'put', 'delete', 'options', 'head', 'trace']);

/** A `$ref` of the spec, resolved. */
const deref = (node: Json): Json =>
  node?.$ref
    ? deref(
        node.$ref
          .slice(2)
          .split('/')
          .reduce((at: Json, key: string) => at[key], spec),
      )
    : node;

/** Every operation of the bundled spec, as a test reads it. */
const specOperations = Object.entries(spec.paths as Json).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => {
    const operation = item[method];
    const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(deref);
    return {
      id: operation.operationId as string,
      method: method.toUpperCase(),
      path,
      idempotent: (operation['x-idempotent'] ?? IDEMPOTENT_METHODS.has(method)) as boolean,
      pathParams: params.filter((p) => p.in === 'path').map((p) => p.name as string),
      query: params.filter((p) => p.in === 'query').map((p) => p.name as string),
      params,
      bodyRequired: deref(operation.requestBody)?.required === true,
      hasBody: operation.requestBody !== undefined,
    };
  }),
);

const entry = (id: string): Operation => {
  const found = operations.find((op) => op.id === id);
  if (!found) throw new Error(`no ${id} in the generated table`);
  return found;
};

const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** Runs generate.mjs; resolves with its output, or with the failure (code, stderr) when it exits non-zero. */
const generate = (...args: string[]) =>
  run(process.execPath, [script, ...args], { cwd: pkgDir }).catch(
    (failure: { code: number; stdout: string; stderr: string }) => failure,
  );

/** The operation table a generator run wrote into `dir`. */
const tableIn = async (dir: string) =>
  (
    (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'operations.js')).href)) as {
      operations: readonly Operation[];
    }
  ).operations;

describe('the generated files', () => {
  it('are up to date with the bundled spec (generate --check)', async () => {
    const result = await generate('--check');
    expect(result).not.toHaveProperty('code');
    expect(result.stdout).toMatch(/up to date/);
  });

  it('--check fails on a hand-edited copy, naming the stale file', async () => {
    const dir = tempDir('sjb-stale-');
    cpSync(generatedDir, dir, { recursive: true });
    // A hand edit: loosen the pattern that buildFiles keys must match.
    const file = join(dir, 'operations.js');
    const original = readFileSync(file, 'utf8');
    const edited = original.replace('new RegExp("^/", "u")', 'new RegExp("^", "u")');
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    const failure = await generate('--check', '--dir', dir);
    expect(failure).toMatchObject({ code: 1 });
    expect(failure.stderr).toMatch(/stale/);
    expect(failure.stderr).toMatch(/operations\.js/);
    expect(failure.stderr).not.toMatch(/operations\.d\.ts/);
  });

  it('say they are generated, from what, and not to edit them', () => {
    for (const file of ['operations.js', 'operations.d.ts']) {
      const source = readFileSync(join(generatedDir, file), 'utf8');
      expect(source.split('\n')[0]).toBe(
        '// Generated by packages/client/scripts/generate.mjs from @start-job-build/types/openapi.json',
      );
      expect(source).toContain('Do not edit');
    }
  });
});

describe('the table of operations', () => {
  it('has one entry per operation of the bundled spec, in the same order', () => {
    expect(specOperations.map((op) => op.id)).toEqual(
      expect.arrayContaining(['startJobBuild', 'getJobBuild', 'abortJobBuild']),
    );
    expect(operations.map((op) => op.id)).toEqual(specOperations.map((op) => op.id));
  });

  it.each(specOperations.map((op) => [op.id, op] as const))(
    '%s: method, path, parameters and retry policy come from the spec',
    (id, expected) => {
      const op = entry(id);
      expect(op.method).toBe(expected.method);
      expect(op.path).toBe(expected.path);
      expect(op.idempotent).toBe(expected.idempotent);
      expect([...op.pathParams].sort()).toEqual([...expected.pathParams].sort());
      expect(op.query).toEqual(expected.query);
      expect(op.bodyRequired).toBe(expected.bodyRequired);
      expect(op.validateBody.length > 0).toBe(expected.hasBody);
      expect(typeof op.validateParams).toBe('function');
    },
  );

  it('startJobBuild is not idempotent; reading and aborting a build are', () => {
    expect(entry('startJobBuild')).toMatchObject({ method: 'POST', idempotent: false });
    expect(entry('getJobBuild')).toMatchObject({ method: 'GET', idempotent: true });
    expect(entry('abortJobBuild')).toMatchObject({ method: 'DELETE', idempotent: true });
  });

  it('startJobBuild lists the secret fields the spec marks `format: password`', () => {
    const byPlace = (secrets: Operation['secrets']) =>
      [...secrets].sort((a, b) => a.at.join('/').localeCompare(b.at.join('/')));
    expect(byPlace(entry('startJobBuild').secrets)).toEqual([
      { at: ['overrides', 'buildArguments', '*'], base64: false },
      { at: ['overrides', 'buildFiles', '*', 'data'], base64: true },
      { at: ['overrides', 'dockerSecretMounts', '*', 'data'], base64: true },
    ]);
    for (const op of operations.filter((o) => o.validateBody.length === 0)) expect(op.secrets).toEqual([]);
  });

  it('knows which fields the data of a 2xx must have', () => {
    expect(entry('startJobBuild').data).toContain('id');
    expect(entry('getJobBuild').data).toContain('id');
  });

  it('knows the JSON type of each field of a 2xx data, through allOf and $ref, without enums', () => {
    expect(entry('getJobBuild').dataTypes).toMatchObject({
      id: ['string'],
      // JobBuildStatus: a $ref to a string enum; only the type is kept, so new statuses pass.
      status: ['string'],
      concluded: ['boolean'],
      message: ['string', 'null'],
      pullRequestId: ['number', 'null'],
      buildConcludedAt: ['number'],
    });
    expect(entry('listJobBuilds').dataTypes).toEqual({ builds: ['array'], pagination: ['object'] });
    expect(entry('abortJobBuild').dataTypes).toEqual({});
  });
});

describe('the generated validators agree with Ajv compiling the spec (an independent oracle)', () => {
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema({ ...spec, $id: 'spec.json' });

  it('on request bodies', () => {
    const oracle = ajv.compile({ $ref: 'spec.json#/components/schemas/StartJobBuildRequest' });
    const validators = entry('startJobBuild').validateBody;
    const accepts = (body: unknown) => validators.some((validate) => validate(body));
    const sha = '262ed9817b3cad5142fbceabe0c9e371e390d616';
    const secret = { data: 'eA==', encoding: 'utf-8' };
    const bodies: unknown[] = [
      {},
      { sha },
      { sha: 'short' },
      { sha: 1 },
      // Lengths count code points: a surrogate pair is one character, a lone surrogate too.
      { sha: '\u{1F600}'.repeat(40) },
      { sha: `${'a'.repeat(39)}\u{1F600}` },
      { sha: `${'a'.repeat(40)}\u{1F600}` },
      { sha: '\uD800'.repeat(40) },
      { sha: `${'\uDC00\uD800'.repeat(20)}a` },
      { overrides: {} },
      { overrides: null },
      {
        sha,
        overrides: {
          buildArguments: { A: 'x' },
          buildFiles: { '/f': secret },
          dockerSecretMounts: { m: secret },
        },
      },
      { overrides: { buildArguments: { A: 1 } } },
      { overrides: { buildFiles: { f: secret } } },
      { overrides: { buildFiles: { '/f': { data: 'x' } } } },
      { overrides: { dockerSecretMounts: { m: { ...secret, x: 1 } } } },
      {
        overrides: {
          docker: { dockerFilePath: '/Dockerfile', dockerWorkDir: '/', dockerfileTarget: 'prod' },
        },
      },
      { overrides: { docker: { dockerFilePath: '/' } } },
      { overrides: { docker: { dockerWorkDir: '/a/b/' } } },
      { overrides: { docker: { dockerfileTarget: 'a.b' } } },
      { overrides: { docker: { other: 1 } } },
      { overrides: { other: 1 } },
      { other: 1 },
      { sha, other: 1 },
      [],
      null,
      'x',
    ];
    let accepted = 0;
    for (const body of bodies) {
      expect(accepts(body), JSON.stringify(body)).toBe(oracle(body));
      if (oracle(body)) accepted += 1;
    }
    // Both answers occur: the comparison is not vacuous.
    expect(accepted).toBeGreaterThan(3);
    expect(accepted).toBeLessThan(bodies.length - 3);
  });

  it('on path and query parameters, for every operation', () => {
    const values: unknown[] = ['p', '', 0, 1, 20, 100, 101, 1.5, -1, '7', null, true];
    for (const op of specOperations) {
      const oracle = ajv.compile({
        type: 'object',
        properties: Object.fromEntries(op.params.map((p) => [p.name, p.schema])),
        required: op.params.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      });
      const generated = entry(op.id).validateParams;
      const base = Object.fromEntries(op.pathParams.map((name) => [name, 'x']));
      const cases: unknown[] = [base, {}, { ...base, unknown: 'x' }, null, 'x'];
      for (const name of [...op.pathParams, ...op.query]) {
        for (const value of values) cases.push({ ...base, [name]: value });
      }
      for (const params of cases) {
        expect(generated(params), `${op.id} ${JSON.stringify(params)}`).toBe(oracle(params));
      }
    }
  });
});

describe('an operation added to the spec', () => {
  it('gets a table entry from the generator alone: a GET needs no hand-written code', async () => {
    const dir = tempDir('sjb-added-');
    const changed: Json = structuredClone(spec);
    changed.paths['/v1/projects/{projectId}/jobs/{jobId}/runs'] = {
      parameters: [{ $ref: '#/components/parameters/ProjectId' }, { $ref: '#/components/parameters/JobId' }],
      get: {
        operationId: 'listJobRuns',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } }],
        responses: {
          200: {
            description: 'The runs.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['data'],
                  properties: {
                    data: {
                      type: 'object',
                      required: ['runs'],
                      properties: { runs: { type: 'array', items: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const changedSpec = join(dir, 'openapi.json');
    writeFileSync(changedSpec, JSON.stringify(changed));

    // The committed files do not match the changed spec...
    const stale = await generate('--check', '--spec', changedSpec);
    expect(stale).toMatchObject({ code: 1 });

    // ...and generating from it gives the new operation an entry, derived from the spec.
    const out = join(dir, 'generated');
    const result = await generate('--spec', changedSpec, '--dir', out);
    expect(result).not.toHaveProperty('code');
    const table = await tableIn(out);
    expect(table.map((op) => op.id)).toEqual([...operations.map((op) => op.id), 'listJobRuns']);
    const added = table.find((op) => op.id === 'listJobRuns') as Operation;
    expect(added).toMatchObject({
      method: 'GET',
      path: '/v1/projects/{projectId}/jobs/{jobId}/runs',
      pathParams: ['projectId', 'jobId'],
      query: ['limit'],
      idempotent: true,
      bodyRequired: false,
      secrets: [],
      data: ['runs'],
      validateBody: [],
    });
    expect(added.validateParams({ projectId: 'p', jobId: 'j', limit: 5 })).toBe(true);
    expect(added.validateParams({ projectId: 'p', jobId: 'j', limit: 0 })).toBe(false);
    expect(added.validateParams({ projectId: 'p' })).toBe(false);
    expect(readFileSync(join(out, 'operations.d.ts'), 'utf8')).toContain('listJobRuns');
  });
});

describe('what the generator refuses rather than gets wrong', () => {
  const withOperation = (operation: Json, pathKey = '/v1/projects/{projectId}/extra'): string => {
    const dir = tempDir('sjb-refused-');
    const changed: Json = structuredClone(spec);
    changed.paths[pathKey] = { get: { responses: { 204: { description: 'Nothing.' } }, ...operation } };
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(changed));
    return file;
  };
  const param = (extra: Json) => [
    { name: 'projectId', in: 'path', required: true, schema: { type: 'string' }, ...extra },
  ];

  it.each([
    ['raw', { operationId: 'raw' }, /reserved/],
    ['constructor', { operationId: 'constructor' }, /reserved/],
    ['then', { operationId: 'then' }, /reserved/],
    [
      'a label path parameter',
      { operationId: 'extra', parameters: param({ style: 'label' }) },
      /default style/,
    ],
    [
      'allowReserved',
      {
        operationId: 'extra',
        parameters: [{ name: 'q', in: 'query', allowReserved: true, schema: { type: 'string' } }],
      },
      /default style/,
    ],
    ['servers of its own', { operationId: 'extra', servers: [{ url: 'https://elsewhere.test' }] }, /servers/],
    ['no security', { operationId: 'extra', security: [] }, /security/],
    [
      'an x-effect that does not read "<what> has <happened>"',
      { operationId: 'extra', 'x-effect': 'started' },
      /x-effect/,
    ],
    ['an x-effect that is not a string', { operationId: 'extra', 'x-effect': 42 }, /x-effect/],
    [
      'an x-effect on an operation that is re-sent (a GET)',
      { operationId: 'extra', 'x-effect': 'the thing has happened' },
      /x-effect is only for/,
    ],
  ])('%s stops the generator with a message', async (_name, operation, message) => {
    const failure = await generate('--spec', withOperation(operation as Json), '--dir', tempDir('sjb-out-'));
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(message);
  });

  it('x-effect words what an operation that is not re-sent does; without it, the table says nothing', async () => {
    const out = tempDir('sjb-out-');
    const file = withOperation({
      operationId: 'extra',
      parameters: param({}),
      'x-idempotent': false,
      'x-effect': 'the variable has been set',
    });
    expect(await generate('--spec', file, '--dir', out)).not.toHaveProperty('code');
    const table = await tableIn(out);
    expect(table.find((op) => op.id === 'extra')?.effect).toEqual(['the variable', 'been set']);
    expect(table.find((op) => op.id === 'startJobBuild')?.effect).toEqual(['the build', 'started']);
    // Operations that are re-sent (GET, DELETE) never speak of an uncertain effect.
    expect(table.find((op) => op.id === 'getJobBuild')).not.toHaveProperty('effect');
  });

  it('an operation answering 200 with data or 204 without: nothing required, and the type says undefined may come', async () => {
    const out = tempDir('sjb-out-');
    const ok = {
      description: 'A thing.',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['data'],
            properties: {
              data: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
            },
          },
        },
      },
    };
    const file = withOperation({
      operationId: 'getExtra',
      parameters: param({}),
      responses: { 200: ok, 204: { description: 'None.' } },
    });
    expect(await generate('--spec', file, '--dir', out)).not.toHaveProperty('code');
    const table = await tableIn(out);
    expect(table.find((op) => op.id === 'getExtra')?.data).toBeNull();
    expect(table.find((op) => op.id === 'getExtra')?.dataTypes).toEqual({ id: ['string'] });
    expect(readFileSync(join(out, 'operations.d.ts'), 'utf8')).toContain(
      "getExtra(params: OperationParams<'getExtra'>, options?: RequestOptions): Promise<OperationData<'getExtra'> | undefined>;",
    );
  });
});
