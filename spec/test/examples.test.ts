// Every example in the spec (of every operation, parameter, header and schema, down to single
// properties) must satisfy the schema it illustrates, and the seed's own response example must
// satisfy the 200 schema.
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

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

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
  // A schema's own `examples`, then those of every subschema it contains, each checked against
  // the subschema it sits in (a property's examples against that property's schema).
  const fromSchema = (where: string, schema: Json) => {
    if (!schema || typeof schema !== 'object') return;
    for (const [i, value] of (schema.examples ?? []).entries())
      found.push([`${where} examples[${i}]`, schema, value]);
    for (const key of ['properties', 'patternProperties', '$defs']) {
      for (const [name, sub] of Object.entries<Json>(schema[key] ?? {})) fromSchema(`${where}.${name}`, sub);
    }
    for (const key of ['items', 'additionalProperties', 'propertyNames', 'not'])
      fromSchema(`${where}/${key}`, schema[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      for (const [i, sub] of (schema[key] ?? []).entries()) fromSchema(`${where}/${key}[${i}]`, sub);
    }
  };
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const param of item.parameters ?? []) {
      const p = resolveRef(param);
      withExample(`${path} parameter ${p.name}`, p);
    }
    for (const method of METHODS.filter((m) => item[m])) {
      const operation = item[method];
      const op = `${method.toUpperCase()} ${path}`;
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {}))
        fromMedia(`${op} request ${type}`, media);
      for (const [status, ref] of Object.entries(operation.responses)) {
        const response = resolveRef(ref);
        for (const [type, media] of Object.entries(response.content ?? {}))
          fromMedia(`${op} ${status} ${type}`, media);
        for (const [name, header] of Object.entries(response.headers ?? {}))
          withExample(`${op} ${status} header ${name}`, resolveRef(header));
      }
      for (const param of operation.parameters ?? []) {
        const p = resolveRef(param);
        withExample(`${op} parameter ${p.name}`, p);
      }
    }
  }
  for (const [name, schema] of Object.entries<Json>(doc.components.schemas))
    fromSchema(`schema ${name}`, schema);
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
    const post = `POST ${OPERATION_PATH}`;
    // Two request examples and seven error examples for starting a build, the examples of the
    // other two operations, and property-level examples.
    expect(places.filter((p) => p.startsWith(`${post} request`))).toHaveLength(2);
    expect(
      places.filter((p) =>
        new RegExp(`^${post.replace(/[{}]/g, '\\$&')} [45]\\d\\d application/json`).test(p),
      ),
    ).toHaveLength(7);
    for (const method of ['GET', 'DELETE']) {
      expect(
        places.filter((p) => p.startsWith(`${method} ${OPERATION_PATH}/{buildId} 200`)).length,
      ).toBeGreaterThan(0);
    }
    // Listing builds: the page example and one example per query parameter.
    const list = `GET ${OPERATION_PATH}`;
    expect(places).toContain(`${list} 200 application/json example "buildsListed"`);
    for (const name of ['per_page', 'page', 'cursor'])
      expect(places).toContain(`${list} parameter ${name} example`);
    expect(places.filter((p) => /^schema \w+\.\w+ examples/.test(p)).length).toBeGreaterThan(5);
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

describe('the list response example', () => {
  it('is a page of two builds, one concluded, whose count matches', () => {
    const media = resolveRef(doc.paths[OPERATION_PATH].get.responses['200']).content['application/json'];
    const { data } = resolveRef(media.examples.buildsListed).value;
    expect(data.builds.map((b: Json) => [b.id, b.status, b.concluded])).toEqual([
      ['brave-meadow-4127', 'BUILDING', false],
      ['joyous-view-6290', 'SUCCESS', true],
    ]);
    expect(data.pagination).toEqual({
      hasNextPage: true,
      cursor: expect.any(String),
      count: data.builds.length,
    });
    // The concluded build is the one the other examples show.
    const succeeded = resolveRef(doc.components.examples.BuildSucceeded).value.data;
    expect(data.builds[1]).toEqual(succeeded);
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
