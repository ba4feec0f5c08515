// Every example in the spec must satisfy the schema it illustrates, and the seed's own
// response example must satisfy the 200 schema.
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSpec, createValidator, type Json } from './load-spec.js';
import { seedCurrentSettingsBody, seedOverridesBody, seedResponse } from './seed.js';

const OPERATION_PATH = '/v1/projects/{projectId}/jobs/{jobId}/build';

let doc: Json;
let validator: ReturnType<typeof createValidator>;
beforeAll(() => {
  doc = bundleSpec();
  validator = createValidator(doc);
});

function resolveRef<T = Json>(node: Json): T {
  if (node && typeof node.$ref === 'string' && node.$ref.startsWith('#/components/')) {
    const [, , kind, name] = node.$ref.split('/');
    return resolveRef(doc.components[kind][name]);
  }
  return node;
}

/** [where, schema, example value] for every media-type, parameter, header and schema example. */
function collectExamples(): [string, Json, unknown][] {
  const found: [string, Json, unknown][] = [];
  const fromMedia = (where: string, media: Json) => {
    for (const [name, ex] of Object.entries(media.examples ?? {})) {
      found.push([`${where} example "${name}"`, media.schema, resolveRef(ex).value]);
    }
    if ('example' in media) found.push([`${where} example`, media.schema, media.example]);
  };
  const withExample = (where: string, holder: Json) => {
    if ('example' in holder) found.push([`${where} example`, holder.schema, holder.example]);
  };
  const operation = doc.paths[OPERATION_PATH].post;
  for (const [type, media] of Object.entries(operation.requestBody.content))
    fromMedia(`request ${type}`, media);
  for (const [status, ref] of Object.entries(operation.responses)) {
    const response = resolveRef(ref);
    for (const [type, media] of Object.entries(response.content ?? {})) fromMedia(`${status} ${type}`, media);
    for (const [name, header] of Object.entries(response.headers ?? {}))
      withExample(`${status} header ${name}`, resolveRef(header));
  }
  for (const param of doc.paths[OPERATION_PATH].parameters) {
    const p = resolveRef(param);
    withExample(`parameter ${p.name}`, p);
  }
  for (const [name, schema] of Object.entries<Json>(doc.components.schemas)) {
    for (const [i, value] of (schema.examples ?? []).entries())
      found.push([`schema ${name} examples[${i}]`, { $ref: `#/components/schemas/${name}` }, value]);
  }
  return found;
}

describe('examples in the spec', () => {
  it('include both seed request examples, by name', () => {
    const media = doc.paths[OPERATION_PATH].post.requestBody.content['application/json'];
    expect(resolveRef(media.examples.currentSettings).value).toEqual(seedCurrentSettingsBody);
    expect(resolveRef(media.examples.withOverrides).value).toEqual(seedOverridesBody);
  });

  it('include the seed response example', () => {
    const media = resolveRef(doc.paths[OPERATION_PATH].post.responses['200']).content['application/json'];
    expect(resolveRef(media.examples.buildStarted).value).toEqual(seedResponse);
  });

  it('are found in every place the spec has them', () => {
    const places = collectExamples().map(([where]) => where);
    // Two request examples, one 200 example, seven error examples, at least.
    expect(places.filter((p) => p.startsWith('request'))).toHaveLength(2);
    expect(places.filter((p) => /^[45]\d\d application\/json/.test(p))).toHaveLength(7);
    expect(places.length).toBeGreaterThan(15);
  });

  it('each validate against their schema', () => {
    const failures = collectExamples().flatMap(([where, schema, value]) => {
      const validate = validator.compile(schema);
      return validate(value) ? [] : [`${where}: ${validator.ajv.errorsText(validate.errors)}`];
    });
    expect(failures).toEqual([]);
  });
});

describe('the 200 response schema', () => {
  it('accepts the seed response example', () => {
    const validate = validator.component('StartJobBuildResponse');
    expect(validate(seedResponse), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts a null pullRequestId and a registry uri', () => {
    const validate = validator.component('StartJobBuildResponse');
    const body = { data: { ...seedResponse.data, pullRequestId: null, registry: { uri: 'registry/x:y' } } };
    expect(validate(body)).toBe(true);
    expect(validate({ data: { ...seedResponse.data, pullRequestId: 12 } })).toBe(true);
  });

  it('rejects a build without id, a non-date createdAt and a string pullRequestId', () => {
    const validate = validator.component('StartJobBuildResponse');
    const { id: _id, ...withoutId } = seedResponse.data;
    expect(validate({ data: withoutId })).toBe(false);
    expect(validate({ data: { ...seedResponse.data, createdAt: 'yesterday' } })).toBe(false);
    expect(validate({ data: { ...seedResponse.data, pullRequestId: '12' } })).toBe(false);
  });
});

describe('the error envelope', () => {
  it('is shared by every error response', () => {
    const responses = doc.paths[OPERATION_PATH].post.responses;
    const statuses = Object.keys(responses).filter((s) => s !== '200');
    expect(statuses.sort()).toEqual(['400', '401', '403', '404', '409', '429', '500']);
    for (const status of statuses) {
      expect(resolveRef(responses[status]).content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/ErrorResponse',
      });
    }
  });

  it('requires status and message, and allows id and details', () => {
    const validate = validator.component('ErrorResponse');
    expect(validate({ error: { status: 404, message: 'Not found', id: 'x', details: { a: 1 } } })).toBe(true);
    expect(validate({ error: { status: 404 } })).toBe(false);
    expect(validate({ error: { message: 'x' } })).toBe(false);
  });
});
