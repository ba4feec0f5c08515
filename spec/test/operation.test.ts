// The operations' shapes, held to the seed page and the reference facts.
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSpec, createValidator, type Json } from './load-spec.js';

let doc: Json;
let pathItem: Json;
beforeAll(() => {
  doc = bundleSpec();
  pathItem = doc.paths['/v1/projects/{projectId}/jobs/{jobId}/build'];
});
const resolve = (node: Json): Json => {
  if (node?.$ref) {
    const [, , kind, name] = node.$ref.split('/');
    return doc.components[kind][name];
  }
  return node;
};

describe('the operations', () => {
  // The deliberate inventory: adding, removing or moving an operation is a decision, so this
  // list is updated by hand with it (spec/README.md, "Adding an operation").
  it('are the four job-build operations, on two paths', () => {
    const operations = Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
      Object.entries<Json>(item)
        .filter(([, value]) => typeof value?.operationId === 'string')
        .map(([method, op]) => [method, path, op.operationId]),
    );
    expect(operations.sort()).toEqual(
      [
        ['get', '/v1/projects/{projectId}/jobs/{jobId}/build', 'listJobBuilds'],
        ['post', '/v1/projects/{projectId}/jobs/{jobId}/build', 'startJobBuild'],
        ['get', '/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}', 'getJobBuild'],
        ['delete', '/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}', 'abortJobBuild'],
      ].sort(),
    );
  });

  it('start with the start operation, so that the docs open on it', () => {
    // Redoc lists operations in the order of `paths`; new paths go after the existing ones.
    const [firstPath] = Object.keys(doc.paths);
    expect(firstPath).toBe('/v1/projects/{projectId}/jobs/{jobId}/build');
    expect(doc.paths[firstPath as string].post.operationId).toBe('startJobBuild');
  });
});

describe('POST /v1/projects/{projectId}/jobs/{jobId}/build', () => {
  it('is OpenAPI 3.1 with the production server', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'https://api.northflank.com' })]);
  });

  it('is the startJobBuild operation, tagged and described', () => {
    const op = pathItem.post;
    expect(op.operationId).toBe('startJobBuild');
    expect(op.tags).toEqual(['Jobs']);
    expect(op.summary).toBe('Start job build');
    expect(op.description).toContain('Project > Jobs > Deployment > Deploy Build');
  });

  it('requires both path parameters, as described strings', () => {
    const params = pathItem.parameters.map(resolve);
    expect(params.map((p: Json) => [p.name, p.in, p.required, p.schema.type])).toEqual([
      ['projectId', 'path', true, 'string'],
      ['jobId', 'path', true, 'string'],
    ]);
    for (const p of params) expect(p.description).toBeTruthy();
  });

  it('is secured by a bearer token', () => {
    expect(pathItem.post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('takes an optional JSON body', () => {
    expect(pathItem.post.requestBody.required).toBe(false);
    expect(Object.keys(pathItem.post.requestBody.content)).toEqual(['application/json']);
  });

  it('sends rate-limit headers with every response, and Retry-After with a 429', () => {
    for (const [status, ref] of Object.entries<Json>(pathItem.post.responses)) {
      const headers = Object.keys(resolve(ref).headers ?? {});
      expect(headers, status).toEqual(
        expect.arrayContaining(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']),
      );
    }
    expect(Object.keys(resolve(pathItem.post.responses['429']).headers)).toContain('Retry-After');
  });

  it('carries the seed constraints exactly', () => {
    const s = doc.components.schemas;
    expect(s.CommitSha).toMatchObject({ type: 'string', minLength: 40, maxLength: 40 });
    expect(s.CommitSha.pattern).toBeUndefined();
    expect(s.DockerOverrides.properties.dockerFilePath.pattern).toBe(
      '^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]+$',
    );
    expect(s.DockerOverrides.properties.dockerWorkDir.pattern).toBe(
      '^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]*$',
    );
    expect(s.DockerOverrides.properties.dockerfileTarget.pattern).toBe('^[a-zA-Z0-9-_]+$');
    for (const closed of [
      'StartJobBuildWithCurrentSettings',
      'StartJobBuildWithOverrides',
      'BuildOverrides',
      'DockerOverrides',
      'SecretFile',
    ]) {
      expect(s[closed].additionalProperties, closed).toBe(false);
    }
  });
});

describe('GET and DELETE /v1/projects/{projectId}/jobs/{jobId}/build/{buildId}', () => {
  const byId = () => doc.paths['/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}'];

  it('are getJobBuild and abortJobBuild, tagged, described and secured', () => {
    expect(byId().get).toMatchObject({
      operationId: 'getJobBuild',
      tags: ['Jobs'],
      summary: 'Get job build',
    });
    expect(byId().delete).toMatchObject({
      operationId: 'abortJobBuild',
      tags: ['Jobs'],
      summary: 'Abort job build',
    });
    for (const op of [byId().get, byId().delete]) {
      expect(op.description).toBeTruthy();
      expect(op.security).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('require projectId, jobId and buildId', () => {
    expect(
      byId()
        .parameters.map(resolve)
        .map((p: Json) => [p.name, p.in, p.required]),
    ).toEqual([
      ['projectId', 'path', true],
      ['jobId', 'path', true],
      ['buildId', 'path', true],
    ]);
  });

  it('type a fetched build with the status enum, success, message and buildConcludedAt', () => {
    const s = doc.components.schemas;
    expect(s.JobBuildStatus.enum).toEqual([
      'QUEUED',
      'PENDING',
      'UNSCHEDULABLE',
      'STARTING',
      'CLONING',
      'BUILDING',
      'UPLOADING',
      'ABORTED',
      'FAILURE',
      'SUBMISSION_FAILURE',
      'SUCCESS',
      'CRASHED',
      'IN_PROGRESS',
    ]);
    const extra = s.JobBuildDetails.allOf[1].properties;
    expect(s.JobBuildDetails.allOf[0]).toEqual({ $ref: '#/components/schemas/JobBuild' });
    expect(extra.success.type).toBe('boolean');
    expect(extra.message.type).toEqual(['string', 'null']);
    expect(extra.buildConcludedAt.type).toBe('number');
  });

  it('answer with the shared error envelope and rate-limit headers', () => {
    for (const op of [byId().get, byId().delete]) {
      for (const [status, ref] of Object.entries<Json>(op.responses)) {
        const response = resolve(ref);
        expect(Object.keys(response.headers ?? {}), status).toEqual(
          expect.arrayContaining(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']),
        );
        if (status !== '200') {
          expect(response.content['application/json'].schema).toEqual({
            $ref: '#/components/schemas/ErrorResponse',
          });
        }
      }
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '429', '500']));
    }
  });
});

describe('GET /v1/projects/{projectId}/jobs/{jobId}/build', () => {
  const list = () => pathItem.get;
  const schemas = () => doc.components.schemas;

  it('is listJobBuilds, tagged, described and secured, claiming no permission', () => {
    expect(list()).toMatchObject({
      operationId: 'listJobBuilds',
      tags: ['Jobs'],
      summary: 'List job builds',
      security: [{ bearerAuth: [] }],
    });
    expect(list().description).toBeTruthy();
    // The sources name a permission for start, get and abort only.
    expect(list().description).not.toContain('Deploy Build');
    expect(list().description).toContain('not documented');
    expect(list()['x-required-permission']).toBeUndefined();
  });

  it('shares the path parameters and takes no body', () => {
    expect(pathItem.parameters.map(resolve).map((p: Json) => p.name)).toEqual(['projectId', 'jobId']);
    expect(list().requestBody).toBeUndefined();
  });

  it('takes optional per_page (1 to 100), page (1 or more) and cursor query parameters', () => {
    const params = list().parameters.map(resolve);
    expect(params.map((p: Json) => [p.name, p.in, p.required ?? false, p.schema])).toEqual([
      ['per_page', 'query', false, { type: 'integer', minimum: 1, maximum: 100 }],
      ['page', 'query', false, { type: 'integer', minimum: 1 }],
      ['cursor', 'query', false, { type: 'string' }],
    ]);
    for (const p of params) expect(p.description, p.name).toBeTruthy();
    // The default page size is not documented, and the spec does not invent one.
    expect(params[0].schema.default).toBeUndefined();
    expect(params[0].description).toContain('not documented');
  });

  it('answers 200 with a page of builds, and the shared errors, all with rate-limit headers', () => {
    expect(Object.keys(list().responses)).toEqual(['200', '400', '401', '403', '404', '429', '500']);
    for (const [status, ref] of Object.entries<Json>(list().responses)) {
      const response = resolve(ref);
      expect(Object.keys(response.headers ?? {}), status).toEqual(
        expect.arrayContaining(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']),
      );
      expect(response.content['application/json'].schema).toEqual({
        $ref: `#/components/schemas/${status === '200' ? 'ListJobBuildsResponse' : 'ErrorResponse'}`,
      });
    }
  });

  it('types the page as data.builds (JobBuildDetails) and data.pagination', () => {
    const response = schemas().ListJobBuildsResponse;
    expect(response.required).toEqual(['data']);
    const data = response.properties.data;
    expect(data.required).toEqual(['builds', 'pagination']);
    expect(data.properties.builds).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/JobBuildDetails' },
    });
    expect(data.properties.pagination).toEqual({ $ref: '#/components/schemas/Pagination' });
  });

  it('requires only hasNextPage of the pagination, with cursor a string and count a number', () => {
    const pagination = schemas().Pagination;
    expect(pagination.required).toEqual(['hasNextPage']);
    expect(pagination.properties.hasNextPage.type).toBe('boolean');
    expect(pagination.properties.cursor.type).toBe('string');
    expect(pagination.properties.count.type).toBe('number');
    expect(pagination.properties.count.description).toContain('not stated');
  });

  it('accepts a last page without a cursor, and rejects what the facts rule out', () => {
    const validate = createValidator(doc).component('ListJobBuildsResponse');
    const build = { id: 'joyous-view-6290', status: 'SUCCESS', pullRequestId: null, message: null };
    const page = (data: Json) => validate({ data });
    expect(
      page({ builds: [build], pagination: { hasNextPage: false } }),
      JSON.stringify(validate.errors),
    ).toBe(true);
    expect(page({ builds: [], pagination: { hasNextPage: true, cursor: 'next', count: 0 } })).toBe(true);
    expect(page({ builds: [build] })).toBe(false);
    expect(page({ pagination: { hasNextPage: false } })).toBe(false);
    expect(page({ builds: [build], pagination: { cursor: 'next' } })).toBe(false);
    expect(page({ builds: [build], pagination: { hasNextPage: false, cursor: 7 } })).toBe(false);
    expect(page({ builds: [{ ...build, status: 'DONE' }], pagination: { hasNextPage: false } })).toBe(false);
    expect(page({ builds: [{ ...build, pullRequestId: '42' }], pagination: { hasNextPage: false } })).toBe(
      false,
    );
    expect(page({ builds: [{ status: 'SUCCESS' }], pagination: { hasNextPage: false } })).toBe(false);
  });
});
