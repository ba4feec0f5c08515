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
    expect(Object.keys(doc.paths)).toEqual(['/v1/projects/{projectId}/jobs/{jobId}/build']);
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
