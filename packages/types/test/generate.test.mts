// The committed generated files must be exactly what the spec produces, and the stale check
// must notice a spec edit that was not regenerated.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const pkgDir = resolve(import.meta.dirname, '..');
const script = join(pkgDir, 'scripts/generate.mjs');
const temp = mkdtempSync(join(tmpdir(), 'types-generate-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('generated files', () => {
  it('are up to date with spec/openapi.yaml', () => {
    const out = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  });

  it('are reported stale when the spec changes without regeneration', () => {
    const specCopy = join(temp, 'spec');
    cpSync(resolve(pkgDir, '../../spec'), specCopy, {
      recursive: true,
      filter: (src) => !src.includes('node_modules') && !src.includes(`${join('spec', 'test')}`),
    });
    const jobBuild = join(specCopy, 'components/schemas/JobBuild.yaml');
    writeFileSync(jobBuild, readFileSync(jobBuild, 'utf8').replace('The branch that', 'The git branch that'));
    const result = spawnSync(
      process.execPath,
      [script, '--check', '--spec', join(specCopy, 'openapi.yaml')],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Generated files are stale');
    expect(result.stderr).toContain('packages/types/src/generated/openapi.d.ts');
    expect(result.stderr).toContain('packages/types/openapi/openapi.json');
  });

  it('say at the top that they are generated, and from what', () => {
    const types = readFileSync(join(pkgDir, 'src/generated/openapi.d.ts'), 'utf8');
    expect(types.split('\n').slice(0, 4).join('\n')).toMatch(
      /Generated from spec\/openapi\.yaml.*openapi-typescript/s,
    );
    const yaml = readFileSync(join(pkgDir, 'openapi/openapi.yaml'), 'utf8');
    expect(yaml.split('\n')[0]).toMatch(/^# Generated from spec\/openapi\.yaml/);
  });

  it('ship a JSON and a YAML bundle of the same document', async () => {
    const { parse } = await import('yaml');
    const json = JSON.parse(readFileSync(join(pkgDir, 'openapi/openapi.json'), 'utf8'));
    const yaml = parse(readFileSync(join(pkgDir, 'openapi/openapi.yaml'), 'utf8'));
    expect(yaml).toEqual(json);
    expect(json.paths['/v1/projects/{projectId}/jobs/{jobId}/build'].post.operationId).toBe('startJobBuild');
    // A single file: every $ref is local to the document.
    const refs = JSON.stringify(json).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/"\$ref":"#\//);
  });
});
