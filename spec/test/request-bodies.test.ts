import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundleSpec, createValidator, type Json } from './load-spec.js';

interface Case {
  name: string;
  seed: string;
  body: unknown;
  branch?: string;
  keyword?: string;
}
const fixture = parse(readFileSync(new URL('./fixtures/request-bodies.yaml', import.meta.url), 'utf8')) as {
  valid: Case[];
  invalid: Case[];
};
const BRANCHES = ['StartJobBuildWithCurrentSettings', 'StartJobBuildWithOverrides'];

let validator: ReturnType<typeof createValidator>;
let requestSchema: Json;

beforeAll(() => {
  const doc = bundleSpec();
  validator = createValidator(doc);
  requestSchema =
    doc.paths['/v1/projects/{projectId}/jobs/{jobId}/build'].post.requestBody.content['application/json']
      .schema;
});

describe('the operation request body schema', () => {
  it('is a oneOf of the two named shapes', () => {
    expect(requestSchema).toEqual({ $ref: '#/components/schemas/StartJobBuildRequest' });
    const union = validator.component('StartJobBuildRequest').schema as Json;
    expect(union.$ref).toBe('https://start-job-build.local/schemas.json#/$defs/StartJobBuildRequest');
  });
});

describe.each(fixture.valid)('accepts: $name', (c) => {
  it(`(${c.seed})`, () => {
    const validate = validator.compile(requestSchema);
    expect(validate(c.body), JSON.stringify(validate.errors)).toBe(true);
  });
  it(`matches exactly one branch: ${c.branch}`, () => {
    const matching = BRANCHES.filter((b) => validator.component(b)(c.body));
    expect(matching).toEqual([c.branch]);
  });
});

describe.each(fixture.invalid)('rejects: $name', (c) => {
  it(`(${c.seed}) breaking ${c.keyword}`, () => {
    const validate = validator.compile(requestSchema);
    expect(validate(c.body)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(c.keyword);
  });
});
