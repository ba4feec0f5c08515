// The package as npm would publish it: packed, then checked by publint and
// @arethetypeswrong/cli, and loaded through its public subpaths.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkgDir = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const bin = (name: string) => join(pkgDir, 'node_modules/.bin', name);
let temp: string;
let tarball: string;

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'types-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', temp], { cwd: pkgDir, stdio: 'ignore' });
  const [file] = readdirSync(temp).filter((f) => f.endsWith('.tgz'));
  if (!file) throw new Error('pnpm pack produced no tarball');
  tarball = join(temp, file);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('holds the types, both bundles and the README, and nothing else of the workspace', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/openapi/openapi.json',
      'package/openapi/openapi.yaml',
      'package/package.json',
      'package/src/generated/openapi.d.ts',
      'package/src/index.d.ts',
      'package/src/index.js',
    ]);
  });

  it('passes publint in strict mode', () => {
    const out = execFileSync(bin('publint'), ['run', tarball, '--strict'], {
      encoding: 'utf8',
    });
    expect(out).toContain('All good!');
  });

  it('passes @arethetypeswrong/cli with no exclusions, in every resolution mode', () => {
    // The default (strict) profile: node10, node16 from CJS and ESM, and bundler. attw exits
    // non-zero on any problem, and execFileSync throws on that.
    const out = execFileSync(bin('attw'), [tarball, '--format', 'json'], { encoding: 'utf8' });
    const report = JSON.parse(out);
    expect(report.analysis.problems).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints)).toEqual(['.', './openapi.json', './package.json']);
  });
});

describe('public subpaths', () => {
  it('load the bundled spec as JSON', () => {
    const spec = require('@start-job-build/types/openapi.json');
    expect(spec.openapi).toMatch(/^3\.1/);
  });

  it('ship the YAML bundle as a file beside package.json (not a module, so not an export)', () => {
    const yaml = join(
      dirname(require.resolve('@start-job-build/types/package.json')),
      'openapi/openapi.yaml',
    );
    expect(readFileSync(yaml, 'utf8')).toMatch(/^openapi: 3\.1/m);
  });
});
