// Each fixture is a pair of OpenAPI documents (base and revision) with the bump it must get.
// The pair goes through the real `redocly diff` and this tool's classification.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { classifyReport, describeLocation, isDocumentationOnly } from '../src/classify.mjs';
import { diff } from '../src/redocly.mjs';
import { fixturesDir, readFixture } from './helpers.mjs';

const work = mkdtempSync(join(tmpdir(), 'spec-diff-classify-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function classify(name, base, revision) {
  const basePath = join(work, `${name}.base.yaml`);
  const revisionPath = join(work, `${name}.revision.yaml`);
  writeFileSync(basePath, stringify(base));
  writeFileSync(revisionPath, stringify(revision));
  const report = await diff({ base: basePath, revision: revisionPath, output: join(work, `${name}.json`) });
  return classifyReport(report);
}

const groups = ['major', 'minor', 'patch', 'none'];
const cases = groups.flatMap((group) =>
  readdirSync(join(fixturesDir, group))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => ({ group, name: file.replace(/\.yaml$/, '') })),
);

describe('classification of spec changes', () => {
  it('has fixtures for every required kind of change', () => {
    expect(cases.map((c) => `${c.group}/${c.name}`)).toEqual(
      expect.arrayContaining([
        'major/remove-response-property',
        'major/tighten-pattern',
        'major/optional-field-becomes-required',
        'minor/add-optional-request-field',
        'patch/change-description',
      ]),
    );
  });

  describe.each(groups)('%s', (group) => {
    it.each(cases.filter((c) => c.group === group))('$name', async ({ name }) => {
      const fixture = readFixture(group, name);
      expect(fixture.bump, 'fixtures are filed under the bump they expect').toBe(group);
      const result = await classify(name, fixture.base, fixture.revision);
      expect(result.bump).toBe(fixture.bump);
      expect(result.redoclyBump).toBe(fixture.redoclyBump ?? fixture.bump);
      if (group === 'none') {
        expect(result.changes).toEqual([]);
        return;
      }
      const top = result.changes[0];
      expect(top.impact).toBe(fixture.bump);
      if (fixture.rule) expect(top.rules).toContain(fixture.rule);
      expect(top.message).toContain(fixture.message);
    });
  });
});

describe('the corrections of Redocly’s ratings', () => {
  it('counts documentation-only changes as documentation', () => {
    for (const property of ['description', 'summary', 'title', 'examples', 'x-internal', 'deprecated']) {
      expect(isDocumentationOnly({ kind: 'modified', typeName: 'Schema', property, path: '#/x' })).toBe(true);
    }
    expect(
      isDocumentationOnly({ kind: 'modified', typeName: 'Info', property: 'version', path: '#/info' }),
    ).toBe(true);
    expect(
      isDocumentationOnly({
        kind: 'added',
        typeName: 'XCodeSampleList',
        property: null,
        path: '#/a/x-codeSamples',
      }),
    ).toBe(true);
    expect(
      isDocumentationOnly({ kind: 'modified', typeName: 'Schema', property: 'maxLength', path: '#/x' }),
    ).toBe(false);
    expect(
      isDocumentationOnly({ kind: 'added', typeName: 'Schema', property: null, path: '#/properties/a' }),
    ).toBe(false);
  });

  it('raises other patch changes to minor, lowers documentation additions to patch, leaves majors', () => {
    const report = {
      reportVersion: '1',
      changes: [
        {
          kind: 'modified',
          typeName: 'Schema',
          property: 'additionalProperties',
          impact: 'patch',
          path: '#/a',
        },
        { kind: 'modified', typeName: 'Schema', property: 'description', impact: 'patch', path: '#/b' },
        { kind: 'added', typeName: 'ExamplesMap', property: null, impact: 'minor', path: '#/c/examples' },
        { kind: 'added', typeName: 'Schema', property: null, impact: 'minor', path: '#/d/properties/e' },
        { kind: 'modified', typeName: 'Schema', property: 'pattern', impact: 'major', path: '#/f' },
      ],
    };
    const result = classifyReport(report);
    expect(result.bump).toBe('major');
    expect(result.redoclyBump).toBe('major');
    expect(result.changes.map((c) => [c.pointer, c.redoclyImpact, c.impact, c.adjusted])).toEqual([
      ['#/f', 'major', 'major', false],
      ['#/a', 'patch', 'minor', true],
      ['#/d/properties/e', 'minor', 'minor', false],
      ['#/b', 'patch', 'patch', false],
      ['#/c/examples', 'minor', 'patch', true],
    ]);
  });

  it('rejects a report format it does not understand', () => {
    expect(() => classifyReport({ reportVersion: '2', changes: [] })).toThrow(/reportVersion 1/);
  });
});

describe('describeLocation', () => {
  it('names the operation, the response and the property path', () => {
    expect(
      describeLocation(
        '#/paths/~1v1~1projects~1{projectId}~1jobs~1{jobId}~1build/post/responses/200/content/application~1json/schema/properties/data/properties/branch',
      ),
    ).toBe('POST /v1/projects/{projectId}/jobs/{jobId}/build › response 200 › data.branch');
    expect(
      describeLocation(
        '#/paths/~1v1~1x/post/requestBody/content/application~1json/schema/oneOf/1/properties/overrides/properties/buildFiles/additionalProperties/properties/data',
      ),
    ).toBe('POST /v1/x › request body › oneOf[1] › overrides.buildFiles.*.data');
    expect(describeLocation('#/info')).toBe('info');
  });
});
