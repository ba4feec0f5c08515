#!/usr/bin/env node
// Compiles the request-body schemas of the bundled spec (@start-job-build/types/openapi.json)
// into standalone validator code with Ajv, so that the client validates bodies without
// compiling schemas at run time and without depending on Ajv. Ajv's runtime helpers that the
// code needs are inlined. Output: src/generated/request-validators.{js,d.ts} (committed).
// With --check nothing is written; exit code 1 means the committed files are stale.
// --dir <path> reads/writes another directory instead of src/generated (used by the tests).
//
// The output ships in every browser bundle of the client, so it is kept small: Ajv's draft-07
// class (no 2020-12 bookkeeping for keywords the request schemas do not use), no message texts
// (src/validation.ts words the issues) and no schema paths.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const ucs2length = ucs2lengthModule.default;
const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const dirIndex = args.indexOf('--dir');
const outDir = dirIndex === -1 ? join(pkgDir, 'src/generated') : resolve(args[dirIndex + 1]);

const specPath = require.resolve('@start-job-build/types/openapi.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

// The two branches of the request body's oneOf. The client picks the branch itself (a body
// with `overrides` is the overrides shape) so that errors talk about one shape, not both.
const exportsToSchemas = {
  validateCurrentSettings: 'StartJobBuildWithCurrentSettings',
  validateWithOverrides: 'StartJobBuildWithOverrides',
};

// OpenAPI keeps schemas under #/components/schemas; JSON Schema keeps them under #/$defs.
// Moving them (and their local $refs) gives Ajv a plain JSON Schema document.
const schemaId = 'https://start-job-build.local/request-body.json';
const componentsRef = '#/components/schemas/';
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith(componentsRef)) throw new Error(`Unsupported $ref in request schemas: ${value}`);
      out[key] = `#/$defs/${value.slice(componentsRef.length)}`;
    } else {
      out[key] = rewriteRefs(value);
    }
  }
  return out;
}
const document = { $id: schemaId, $defs: rewriteRefs(spec.components.schemas) };

// OpenAPI 3.1 schemas are JSON Schema 2020-12, but they are compiled with Ajv's draft-07 class,
// whose code is much smaller. That is exact only for keywords that mean the same in both
// drafts, so every keyword the request schemas use must be on this list; anything else (say
// `prefixItems`, `unevaluatedProperties`, an array-form `items`) stops the generator.
const SAME_IN_DRAFT_07 = new Set(
  [
    'type enum const properties additionalProperties required propertyNames minProperties maxProperties',
    'minLength maxLength pattern format minimum maximum exclusiveMinimum exclusiveMaximum multipleOf',
    'items minItems maxItems uniqueItems allOf anyOf oneOf not $ref',
    // Annotations: no effect on validation.
    'title description examples example default deprecated readOnly writeOnly contentEncoding',
  ]
    .join(' ')
    .split(' '),
);
const SCHEMA_MAPS = new Set(['properties']);
const SUBSCHEMAS = new Set(['additionalProperties', 'propertyNames', 'items', 'not']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
function checkDraft07Keywords(schema, where, seen = new Set()) {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return;
  seen.add(schema);
  for (const [keyword, value] of Object.entries(schema)) {
    if (!SAME_IN_DRAFT_07.has(keyword) || (keyword === 'items' && Array.isArray(value))) {
      throw new Error(`${where} uses \`${keyword}\`, which the draft-07 generator does not support.`);
    }
    if (keyword === '$ref') {
      const name = value.slice('#/$defs/'.length);
      checkDraft07Keywords(document.$defs[name], name, seen);
    } else if (SCHEMA_MAPS.has(keyword)) {
      for (const [key, sub] of Object.entries(value)) checkDraft07Keywords(sub, `${where}/${key}`, seen);
    } else if (SUBSCHEMAS.has(keyword)) {
      checkDraft07Keywords(value, `${where}/${keyword}`, seen);
    } else if (SCHEMA_LISTS.has(keyword)) {
      for (const sub of value) checkDraft07Keywords(sub, `${where}/${keyword}`, seen);
    }
  }
}
for (const schema of Object.values(exportsToSchemas)) checkDraft07Keywords(document.$defs[schema], schema);

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  // Errors must never carry the data they complain about: build arguments and secret file
  // contents are secrets. (This is Ajv's default; stated so nobody turns it on by accident.)
  verbose: false,
  // Only keyword, params and pointer: the client words the messages itself (smaller code).
  messages: false,
  // Shared subschemas (a secret file) become one function instead of copies: smaller output.
  inlineRefs: false,
  code: { source: true, esm: true, lines: true },
});
addFormats(ajv);
// OpenAPI 3.1 annotation keywords that are not part of JSON Schema.
ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
ajv.addSchema(document);

const refs = Object.fromEntries(
  Object.entries(exportsToSchemas).map(([name, schema]) => [name, `${schemaId}#/$defs/${schema}`]),
);
// Ajv's string-length helper counts code points (a surrogate pair is one character), as JSON
// Schema's minLength and maxLength require. The string iterator counts exactly the same, lone
// surrogates included, in a sixth of the bytes, and the helper ships in every bundle: its
// source goes in place of the require() (which would also bundle a CommonJS wrapper). Checked
// against Ajv's helper here, and the tests compare whole bodies against Ajv.
const codePointLength = (str) => [...str].length;
for (const sample of [
  '',
  'abc',
  'a\u{1F600}b',
  '\uD800a',
  'a\uDC00',
  '\uDBFF\uDFFF\uDC00',
  '\uD800\uD800\uDC00',
]) {
  if (codePointLength(sample) !== ucs2length(sample)) {
    throw new Error(`codePointLength and Ajv's ucs2length disagree on ${JSON.stringify(sample)}.`);
  }
}
const moduleSource = standaloneCode(ajv, refs)
  .replaceAll(ucs2length.code, `(${codePointLength.toString()})`)
  // Ajv always records where in the schema an error arose; the client never reports it.
  .replace(/schemaPath:"(?:[^"\\]|\\.)*",/g, '')
  // Every validator takes and passes on the parent and root data, which only `$data` and
  // dynamic references read; these schemas use neither (checked below). What is left, the
  // instance path, can be a plain argument instead of an options object.
  .replaceAll('{instancePath="", parentData, parentDataProperty, rootData=data}={}', 'instancePath=""')
  .replace(
    /\{instancePath:([^{}]*),parentData:\w+,parentDataProperty:(?:\w+|"(?:[^"\\]|\\.)*"),rootData\}/g,
    '$1',
  )
  // Errors are appended with an if/else or a conditional; one expression does the same.
  .replace(
    /const (err\d+) = (\{[^;]*\});\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}/g,
    '(vErrors || (vErrors = [])).push($2);',
  )
  .replace(
    /vErrors = vErrors === null \? (\w+)\.errors : vErrors\.concat\(\1\.errors\);/g,
    'vErrors = (vErrors || []).concat($1.errors);',
  );
for (const leftover of ['parentData', 'rootData', 'require(', '{instancePath=', ', {instancePath']) {
  if (moduleSource.includes(leftover)) {
    throw new Error(
      `The generated validators still use \`${leftover}\`: revisit the rewrites in generate.mjs.`,
    );
  }
}

// One ES module, with any other runtime helper Ajv's code requires (a format, say) bundled in.
const result = await build({
  stdin: { contents: moduleSource, resolveDir: pkgDir, sourcefile: 'ajv-standalone.mjs', loader: 'js' },
  // Paths in the output's comments are relative to this; pin it so the result does not depend on the cwd.
  absWorkingDir: pkgDir,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  write: false,
  legalComments: 'none',
  logLevel: 'silent',
});
const bundled = result.outputFiles[0].text;

const versions = ['ajv', 'ajv-formats', 'esbuild']
  .map((name) => `${name} ${require(`${name}/package.json`).version}`)
  .join(', ');
const header = `// Generated by packages/client/scripts/generate.mjs from @start-job-build/types/openapi.json
// (${Object.values(exportsToSchemas).join(', ')}) with ${versions}.
// Do not edit: change spec/openapi.yaml and run \`pnpm generate\`.
`;

const declarations = `${header}
/** One problem reported by a generated validator (Ajv's error object, without data, message or schema path). */
export interface GeneratedValidationError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  propertyName?: string;
}

/** A validator compiled from the spec: returns true when the value matches the schema. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: GeneratedValidationError[] | null;
}

${Object.entries(exportsToSchemas)
  .map(
    ([name, schema]) =>
      `/** Validates a value against \`${schema}\`. */\nexport declare const ${name}: GeneratedValidator;`,
  )
  .join('\n')}
`;

const outputs = {
  'request-validators.js': `${header}/* eslint-disable */\n${bundled}`,
  'request-validators.d.ts': declarations,
};

const stale = [];
for (const [file, content] of Object.entries(outputs)) {
  const path = join(outDir, file);
  if (check) {
    let current = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    if (current !== content) stale.push(relative(pkgDir, path));
  } else {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path, content);
  }
}
if (check) {
  if (stale.length > 0) {
    console.error(
      `Generated validators are stale; run \`pnpm generate\` and commit the result:\n${stale.map((f) => `  ${f}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log('Generated validators are up to date with @start-job-build/types/openapi.json.');
}
