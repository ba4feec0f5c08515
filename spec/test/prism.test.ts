// A second, independent oracle: Prism mocks spec/openapi.yaml as written (the split source
// files, not our bundle) and must agree with the seed about which bodies are acceptable.
import { readFileSync } from 'node:fs';
import { type PrismMock, startPrismMock } from '@start-job-build/prism-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { specEntry } from './load-spec.js';
import { seedResponse } from './seed.js';

const fixture = parse(readFileSync(new URL('./fixtures/request-bodies.yaml', import.meta.url), 'utf8')) as {
  valid: { name: string; body: unknown }[];
  invalid: { name: string; body: unknown }[];
};

let prism: PrismMock;
beforeAll(async () => {
  prism = await startPrismMock({ spec: specEntry });
});
afterAll(async () => {
  await prism?.stop();
});

async function post(body: unknown) {
  const response = await fetch(`${prism.url}/v1/projects/default-project/jobs/nightly-report/build`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    violations: response.headers.get('sl-violations'),
    json: await response.json(),
  };
}

async function list(query: string) {
  const response = await fetch(`${prism.url}/v1/projects/default-project/jobs/nightly-report/build${query}`, {
    headers: { authorization: 'Bearer test-token' },
  });
  return {
    status: response.status,
    violations: response.headers.get('sl-violations'),
    json: await response.json(),
  };
}

describe('a Prism mock of spec/openapi.yaml', () => {
  it('starts a build for a request without a body', async () => {
    const result = await post(undefined);
    expect(result.violations).toBeNull();
    expect(result.status).toBe(200);
    expect(result.json).toEqual(seedResponse);
  });

  it.each(fixture.valid)('accepts $name', async ({ body }) => {
    const result = await post(body);
    expect(result.violations).toBeNull();
    expect(result.status).toBe(200);
  });

  // Prism reads a JSON `null` body as "no body", which this optional body allows; Ajv (in
  // request-bodies.test.ts) rejects it, as does the client. That one case is pinned below.
  it.each(fixture.invalid.filter((c) => c.body !== null))('rejects $name', async ({ body }) => {
    const result = await post(body);
    expect(result.violations).not.toBeNull();
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ error: { status: 400 } });
  });

  it('treats a JSON null body as no body (a Prism quirk the other oracles do not share)', async () => {
    const result = await post(null);
    expect(result.violations).toBeNull();
    expect(result.status).toBe(200);
  });
});

describe('listing builds on the Prism mock', () => {
  it.each([
    '?per_page=20',
    '',
    '?per_page=1&page=1',
    '?per_page=100&page=3',
    '?per_page=20&cursor=6101b4d2e3f9a7c500c1e2d3',
  ])('accepts GET %s with a page of builds', async (query) => {
    const result = await list(query);
    expect(result.violations).toBeNull();
    expect(result.status).toBe(200);
    expect(result.json.data.builds).toHaveLength(2);
    expect(result.json.data.pagination).toMatchObject({ hasNextPage: true });
  });

  it.each([
    ['?per_page=0', 'per_page', 'minimum'],
    ['?per_page=101', 'per_page', 'maximum'],
    ['?page=0', 'page', 'minimum'],
    ['?per_page=twenty', 'per_page', 'type'],
  ])('rejects GET %s (%s breaks %s)', async (query, name, code) => {
    const result = await list(query);
    expect(JSON.parse(result.violations ?? '[]')).toEqual([
      expect.objectContaining({ location: ['request', 'query', name], code, severity: 'Error' }),
    ]);
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ error: { status: 400 } });
  });
});
