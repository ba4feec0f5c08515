// Bundles spec/openapi.yaml with the same Redocly CLI the build uses and exposes its schemas
// to Ajv, a validator this project does not control, so the tests judge the spec itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
export const specDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const specEntry = join(specDir, 'openapi.yaml');

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is walked generically here.
export type Json = any;

export function bundleSpec(): Json {
  const dir = mkdtempSync(join(tmpdir(), 'spec-test-'));
  try {
    const out = join(dir, 'openapi.json');
    const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
    execFileSync(
      process.execPath,
      [cli, 'bundle', specEntry, '--config', join(specDir, '../redocly.yaml'), '--ext', 'json', '-o', out],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, REDOCLY_TELEMETRY: 'off' } },
    );
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SCHEMAS_ID = 'https://start-job-build.local/schemas.json';

/** An Ajv 2020-12 instance (strict, all errors, formats) holding every component schema. */
export function createValidator(doc: Json) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // Component refs point into the OpenAPI document; re-home them under $defs of one schema.
  const defs = JSON.parse(
    JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`),
  );
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: defs });
  const cache = new Map<string, ValidateFunction>();
  return {
    ajv,
    /** The validator for a schema object taken from the document (refs are rewritten). */
    compile(schema: Json): ValidateFunction {
      const text = JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`);
      let fn = cache.get(text);
      if (!fn) {
        fn = ajv.compile(JSON.parse(text));
        cache.set(text, fn);
      }
      return fn;
    },
    component(name: string): ValidateFunction {
      return this.compile({ $ref: `#/components/schemas/${name}` });
    },
  };
}
