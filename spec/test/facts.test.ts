// Claims in the spec's prose that the sources settle, or leave open. The seed page
// (../../shared/reference/start-job-build.seed.md) and the facts file beside it are the only
// sources: what they state is stated, what they leave open is said to be undocumented.
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSpec, type Json } from './load-spec.js';

const DEPLOY_BUILD = 'Project > Jobs > Deployment > Deploy Build';

let doc: Json;
beforeAll(() => {
  doc = bundleSpec();
});
const schemas = () => doc.components.schemas;
const byId = () => doc.paths['/v1/projects/{projectId}/jobs/{jobId}/build/{buildId}'];

/** Every `description` in the document, with where it is. */
function descriptions(node: Json, where = '#'): [string, string][] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'description' && typeof value === 'string'
      ? [[where, value] as [string, string]]
      : descriptions(value, `${where}/${key}`),
  );
}

describe('facts in the descriptions', () => {
  it('start, get and abort need Deploy Build, as the official client states for all three', () => {
    const start = doc.paths['/v1/projects/{projectId}/jobs/{jobId}/build'].post;
    for (const operation of [start, byId().get, byId().delete]) {
      expect(operation.description, operation.operationId).toContain(DEPLOY_BUILD);
      expect(operation['x-required-permission'], operation.operationId).toBe(DEPLOY_BUILD);
    }
  });

  it('leave the unit of buildConcludedAt open, with the official example value', () => {
    const field = schemas().JobBuildDetails.allOf[1].properties.buildConcludedAt;
    expect(field.description).not.toMatch(/millisecond/i);
    expect(field.description).toContain('not documented');
    expect(field.examples).toEqual([1606237973]);
    // Nothing else in the document states a unit for it.
    for (const [where, text] of descriptions(doc)) expect(text, where).not.toMatch(/millisecond/i);
  });

  it('do not say which build statuses are final: the sources list the values only', () => {
    const status = schemas().JobBuildStatus.description;
    expect(status).toContain('not documented');
    // No value is singled out as final or as still running.
    for (const value of schemas().JobBuildStatus.enum) expect(status).not.toContain(value);
  });

  it('do not describe what aborting a concluded build does', () => {
    expect(byId().delete.description).toContain('not documented');
  });

  it('say that the error statuses are not documented beyond the envelope', () => {
    expect(doc.info.description).toContain('not documented');
    for (const name of ['BadRequest', 'Conflict']) {
      expect(doc.components.responses[name].description, name).toContain('not documented');
    }
  });
});

describe('request body variants', () => {
  it("carry the seed page's prose as titles, keeping their component names", () => {
    expect(schemas().StartJobBuildWithCurrentSettings.title).toBe('Start a build with the current settings');
    expect(schemas().StartJobBuildWithOverrides.title).toBe(
      'Start a build with overrides for the current settings',
    );
  });
});
