// The operation's shape, held to the seed page.
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSpec, type Json } from './load-spec.js';

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

describe('POST /v1/projects/{projectId}/jobs/{jobId}/build', () => {
  it('is OpenAPI 3.1 with the production server', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'https://api.northflank.com' })]);
  });

  it('is the startJobBuild operation, tagged and described', () => {
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/projects/{projectId}/jobs/{jobId}/build',
      '/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}',
    ]);
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
