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
  // The documents too, as run.mjs passes the parsed bundles: Redocly skips some values (examples).
  return classifyReport(report, { base, revision });
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
        'major/tighten-max-length',
        'major/tighten-min-length',
        'major/remove-response-enum-value',
        'major/remove-request-enum-value',
        'major/rename-path-parameter',
        'major/rename-component-schema',
        'major/remove-component-schema',
        'minor/add-optional-request-field',
        'minor/add-response-enum-value',
        'minor/add-request-enum-value',
        'minor/add-property-named-description',
        'minor/add-response-header-x-ratelimit',
        'patch/change-description',
        'patch/change-example-value',
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

  it('counts data named like documentation as data (a property, header or component name is not a keyword)', () => {
    const names = [
      'description',
      'title',
      'summary',
      'example',
      'examples',
      'deprecated',
      'externalDocs',
      'x-note',
    ];
    for (const name of names) {
      for (const path of [
        `#/paths/~1x/post/requestBody/content/application~1json/schema/properties/${name}`,
        `#/components/schemas/Build/patternProperties/${name}`,
        `#/components/schemas/${name}`,
      ]) {
        expect(isDocumentationOnly({ kind: 'added', typeName: 'Schema', property: null, path }), path).toBe(
          false,
        );
      }
    }
    expect(
      isDocumentationOnly({
        kind: 'added',
        typeName: 'Header',
        property: null,
        path: '#/paths/~1x/post/responses/200/headers/x-ratelimit-reset',
      }),
    ).toBe(false);
    // A keyword of the node itself still counts: an `x-` extension added to an operation.
    expect(
      isDocumentationOnly({
        kind: 'added',
        typeName: 'SpecExtension',
        property: null,
        path: '#/paths/~1x/post/x-internal',
      }),
    ).toBe(true);
  });

  it('raises to major what breaks the generated types although Redocly rates it patch', () => {
    const report = {
      reportVersion: '1',
      changes: [
        {
          kind: 'modified',
          typeName: 'Schema',
          property: 'enum',
          impact: 'patch',
          path: '#/paths/~1x/get/responses/200/content/application~1json/schema/properties/status',
          base: { value: ['A', 'B', 'C'] },
          revision: { value: ['A', 'C', 'D'] },
        },
        {
          kind: 'modified',
          typeName: 'Parameter',
          property: 'name',
          impact: 'patch',
          path: '#/paths/~1x~1{ID}/parameters/0',
          base: { value: 'id' },
          revision: { value: 'ID' },
        },
        {
          kind: 'removed',
          typeName: 'Schema',
          impact: 'patch',
          path: '#/components/schemas/Old',
          base: { value: {} },
        },
        {
          kind: 'removed',
          typeName: 'Components',
          impact: 'patch',
          path: '#/components',
          base: { value: { schemas: { A: {} }, examples: { E: {} }, parameters: { P: {} } } },
        },
        // Neither an example nor a security scheme becomes a type.
        {
          kind: 'removed',
          typeName: 'Example',
          impact: 'patch',
          path: '#/components/examples/E',
          base: { value: {} },
        },
      ],
    };
    const result = classifyReport(report);
    expect(result.changes.map((c) => [c.impact, c.rules[0]])).toEqual([
      ['major', 'spec-diff/enum-values-removed'],
      ['major', 'spec-diff/parameter-renamed'],
      ['major', 'spec-diff/component-removed'],
      ['major', 'spec-diff/component-removed'],
      ['patch', undefined],
    ]);
    expect(result.changes[0].message).toBe(
      "Enum of `status` lost values: 'B'. TypeScript code that names them no longer compiles.",
    );
    expect(result.changes[3].message).toContain('`schemas.A`, `parameters.P`.');
  });

  it('lowers a response enum that only gains values to minor, but not one that also loses values', () => {
    const enumChange = (base, revision) => ({
      kind: 'modified',
      typeName: 'Schema',
      property: 'enum',
      impact: 'major',
      path: '#/x/properties/status',
      verdicts: [
        { ruleId: 'enum-values-added', impact: 'major', message: 'Enum of `status` gained values.' },
      ],
      base: { value: base },
      revision: { value: revision },
    });
    const result = classifyReport({
      reportVersion: '1',
      changes: [
        enumChange(['A'], ['A', 'B']),
        enumChange(['A', 'B'], ['A', 'C']),
        enumChange(['A'], undefined),
      ],
    });
    expect(result.changes.map((c) => [c.redoclyImpact, c.impact])).toEqual([
      ['major', 'major'],
      ['major', 'major'],
      ['major', 'minor'],
    ]);
  });

  it('rates documents that differ only where Redocly does not look as patch, and names the place', () => {
    const base = { openapi: '3.1.0', components: { examples: { E: { value: { id: 'a' } } } } };
    const revision = { openapi: '3.1.0', components: { examples: { E: { value: { id: 'b' } } } } };
    const result = classifyReport({ reportVersion: '1', changes: [] }, { base, revision });
    expect([result.bump, result.redoclyBump]).toEqual(['patch', 'none']);
    expect(result.changes[0]).toMatchObject({
      impact: 'patch',
      redoclyImpact: 'none',
      adjusted: true,
      pointer: '#/components/examples/E/value/id',
    });
    expect(result.changes[0].message).toContain('Only documentation or examples changed');
    // Reordered members change the published bundle (and the rendered docs) too.
    const reordered = { components: revision.components, openapi: '3.1.0' };
    expect(
      classifyReport({ reportVersion: '1', changes: [] }, { base: revision, revision: reordered }).bump,
    ).toBe('patch');
    expect(
      classifyReport({ reportVersion: '1', changes: [] }, { base, revision: structuredClone(base) }).bump,
    ).toBe('none');
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
    // Path-level members are not operations.
    expect(describeLocation('#/paths/~1v1~1x~1{jobID}/parameters/1')).toBe('/v1/x/{jobID} › parameter 1');
    expect(describeLocation('#/paths/~1v1~1x~1{jobID}')).toBe('/v1/x/{jobID}');
  });
});
