#!/usr/bin/env node
// Generates the client's table of operations from the bundled spec
// (@start-job-build/types/openapi.json): src/generated/operations.{js,d.ts}, committed.
// One entry per operation: its id, method and path, its path and query parameter names,
// whether it may be re-sent after an uncertain failure, which request fields are secret,
// which fields a 2xx `data` must have, and Ajv standalone validators for its parameters and
// request body. The client wires every entry as `client.<operationId>()`; no operation is
// written by hand.
// With --check nothing is written; exit code 1 means the committed files are stale.
// --dir <path> reads/writes another directory instead of src/generated (used by the tests).
// --spec <file> reads another bundled spec (JSON) instead of @start-job-build/types's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? resolve(args[args.indexOf(name) + 1]) : undefined);
const check = args.includes('--check');
const outDir = flag('--dir') ?? join(pkgDir, 'src/generated');
const specPath = flag('--spec') ?? require.resolve('@start-job-build/types/openapi.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// RFC 9110: these methods are idempotent, so repeating one after an uncertain failure is
// harmless. An operation states otherwise with `x-idempotent: true|false` (see spec/README.md).
const IDEMPOTENT = new Set(['get', 'put', 'delete', 'options', 'head', 'trace']);

const deref = (node) => {
  let seen = 0;
  while (node?.$ref) {
    if (++seen > 50 || !node.$ref.startsWith('#/')) throw new Error(`Cannot resolve ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return node;
};

// OpenAPI keeps schemas under #/components/schemas; JSON Schema under #/$defs. Moving them
// (and their $refs) gives Ajv a plain JSON Schema document.
const schemaId = 'https://start-job-build.local/spec.json';
const toJsonSchema = (node) =>
  JSON.parse(JSON.stringify(node), (key, value) =>
    key === '$ref' ? value.replace('#/components/schemas/', `${schemaId}#/$defs/`) : value,
  );

// OpenAPI 3.1 schemas are JSON Schema 2020-12, compiled here with Ajv's draft-07 class, whose
// code is much smaller. That is exact only for keywords that mean the same in both drafts, so
// every keyword must be on this list; anything else (`prefixItems`, `unevaluatedProperties`,
// an array-form `items`) stops the generator instead of being validated wrongly.
const SAME_IN_DRAFT_07 = new Set(
  `type enum const properties additionalProperties required propertyNames minProperties maxProperties
   minLength maxLength pattern format minimum maximum exclusiveMinimum exclusiveMaximum multipleOf
   items minItems maxItems uniqueItems allOf anyOf oneOf not $ref title description examples example
   default deprecated readOnly writeOnly contentEncoding`.split(/\s+/),
);
function checkKeywords(schema, where, seen = new Set()) {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return;
  seen.add(schema);
  for (const [keyword, value] of Object.entries(schema)) {
    if (!SAME_IN_DRAFT_07.has(keyword) || (keyword === 'items' && Array.isArray(value))) {
      throw new Error(`${where} uses \`${keyword}\`, which the draft-07 generator does not support.`);
    }
    if (keyword === 'properties') {
      for (const [key, sub] of Object.entries(value)) checkKeywords(sub, `${where}/${key}`, seen);
    } else if (['additionalProperties', 'propertyNames', 'items', 'not'].includes(keyword)) {
      checkKeywords(value, `${where}/${keyword}`, seen);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(keyword)) {
      for (const sub of value) checkKeywords(sub, `${where}/${keyword}`, seen);
    } else if (keyword === '$ref') {
      checkKeywords(deref(schema), value, seen);
    }
  }
}

/**
 * Where a value may hold a secret: every schema marked `format: password` (OpenAPI's mark for
 * a sensitive string), as a list of keys from the body's root (`*` is any key or index). A
 * secret that is also `contentEncoding: base64` is secret in its decoded form too.
 */
function secretsOf(schema, at = [], found = [], depth = 0) {
  schema = deref(schema);
  if (!schema || typeof schema !== 'object' || depth > 20) return found;
  if (schema.format === 'password') found.push({ at, base64: schema.contentEncoding === 'base64' });
  for (const list of ['allOf', 'anyOf', 'oneOf']) {
    for (const sub of schema[list] ?? []) secretsOf(sub, at, found, depth + 1);
  }
  for (const [key, sub] of Object.entries(schema.properties ?? {}))
    secretsOf(sub, [...at, key], found, depth + 1);
  for (const sub of [schema.additionalProperties, schema.items]) {
    if (typeof sub === 'object') secretsOf(sub, [...at, '*'], found, depth + 1);
  }
  // The same place reached through two branches of a oneOf is listed once.
  return found.filter((s, i) => found.findIndex((t) => JSON.stringify(t) === JSON.stringify(s)) === i);
}

/**
 * The fields a 2xx body's `data` must have (through allOf), or null when a 2xx may come
 * without `data` (no body, as a 204, or a body without a required `data`).
 */
function requiredDataFields(operation) {
  const ok = Object.entries(operation.responses ?? {}).filter(([status]) => /^2/.test(status));
  const fields = ok.map(([, response]) => {
    const body = deref(deref(response)?.content?.['application/json']?.schema);
    if (!body?.required?.includes('data')) return null;
    const data = deref(body.properties.data);
    return [data, ...(data.allOf ?? []).map(deref)].flatMap((part) => part.required ?? []);
  });
  // Several 2xx bodies: only what all of them require.
  if (!fields.length || fields.includes(null)) return null;
  return fields.reduce((a, b) => a.filter((name) => b.includes(name)));
}

/** The JSON types a schema allows (`integer` counted as `number`), or undefined when it names none. */
function jsonTypes(schema) {
  const type = deref(schema)?.type;
  return type === undefined
    ? undefined
    : [...new Set([type].flat().map((t) => (t === 'integer' ? 'number' : t)))];
}

/** Each property of an object schema (through allOf) with the JSON types it allows, where it names them. */
function propertyTypes(schema, depth = 0) {
  schema = deref(schema);
  if (depth > 20 || !schema) return {};
  const own = Object.entries(schema.properties ?? {}).map(([name, sub]) => [name, jsonTypes(sub)]);
  const types = Object.fromEntries(own.filter(([, t]) => t));
  for (const part of schema.allOf ?? []) {
    // allOf: a field typed by two parts must satisfy both.
    for (const [name, t] of Object.entries(propertyTypes(part, depth + 1)))
      types[name] = types[name] ? types[name].filter((x) => t.includes(x)) : t;
  }
  return types;
}

/**
 * The JSON types of the top-level fields of a 2xx body's `data`, as the spec gives them, for the
 * client to refuse a 2xx whose `id` is a number, say. Several 2xx bodies: the fields all of them
 * type, with any type one of them allows. Enums, patterns and formats are left out on purpose: a
 * status the API adds later must not turn a started build into an error.
 */
function dataFieldTypes(operation) {
  const maps = Object.entries(operation.responses ?? {})
    .filter(([status]) => /^2/.test(status))
    .map(([, response]) => deref(deref(response)?.content?.['application/json']?.schema)?.properties?.data)
    .filter(Boolean)
    .map((data) => propertyTypes(data));
  if (!maps.length) return {};
  return Object.fromEntries(
    Object.keys(maps[0])
      .filter((name) => maps.every((m) => m[name]))
      .map((name) => [name, [...new Set(maps.flatMap((m) => m[name]))]]),
  );
}

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  // Errors must never carry the data they complain about (secrets): Ajv's default, stated.
  verbose: false,
  // Only keyword, params and pointer: the client words the messages (smaller code).
  messages: false,
  // Shared subschemas (a secret file) become one function instead of copies.
  inlineRefs: false,
  code: { source: true, esm: true },
});
addFormats(ajv);
// OpenAPI 3.1 annotation keywords that are not part of JSON Schema.
ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);

const operations = [];
const docs = [];
const validators = [];
// Parameter-object validators, shared by JSON text.
const shared = new Map();
const paramsSchemas = [];
for (const [path, pathItem] of Object.entries(spec.paths)) {
  for (const method of METHODS.filter((m) => pathItem[m])) {
    const operation = pathItem[method];
    const id = operation.operationId;
    if (!/^[a-z][A-Za-z0-9]*$/.test(id ?? '')) {
      throw new Error(
        `${method.toUpperCase()} ${path} needs an operationId in camelCase (it names a method).`,
      );
    }
    // The method would shadow the client's own member or an Object.prototype one.
    if (id === 'raw' || id === 'then' || id in Object.prototype) {
      throw new Error(`${method.toUpperCase()} ${path}: operationId \`${id}\` is reserved; choose another.`);
    }
    // What the client does not do yet must stop the build rather than be ignored.
    if (operation.servers || pathItem.servers)
      throw new Error(`${id}: servers of its own are not supported yet.`);
    if (operation.security && JSON.stringify(operation.security) !== JSON.stringify(spec.security)) {
      throw new Error(`${id}: security requirements other than the spec's own are not supported yet.`);
    }
    // Operation-level parameters override path-level ones of the same name and place.
    const params = new Map();
    for (const p of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(deref)) {
      params.set(`${p.in}:${p.name}`, p);
    }
    const [pathParams, query] = ['path', 'query'].map((place) =>
      [...params.values()].filter((p) => p.in === place).map((p) => p.name),
    );
    const others = [...params.values()].filter((p) => !['path', 'query'].includes(p.in));
    if (others.length) throw new Error(`${id}: ${others[0].in} parameters are not supported yet.`);
    // openapi-fetch serialises parameters in the default style (simple in the path, form and
    // exploded in the query); any other choice would be sent differently than the spec says.
    for (const p of params.values()) {
      const style = p.style ?? (p.in === 'path' ? 'simple' : 'form');
      if (
        style !== (p.in === 'path' ? 'simple' : 'form') ||
        (p.explode ?? style === 'form') !== (style === 'form') ||
        p.allowReserved ||
        p.content
      ) {
        throw new Error(
          `${id} parameter ${p.name}: only the default style, explode and encoding are supported.`,
        );
      }
    }
    // Operations with the same parameters share one validator.
    for (const p of params.values()) checkKeywords(p.schema ?? {}, `${id} parameter ${p.name}`);
    const paramsSchema = JSON.stringify({
      type: 'object',
      properties: Object.fromEntries([...params.values()].map((p) => [p.name, toJsonSchema(p.schema ?? {})])),
      required: [...params.values()].filter((p) => p.required).map((p) => p.name),
      additionalProperties: false,
    });
    if (!shared.has(paramsSchema)) {
      shared.set(paramsSchema, `${id}Params`);
      paramsSchemas.push([`${id}Params`, JSON.parse(paramsSchema)]);
      validators.push(`${id}Params`);
    }
    const paramsValidator = shared.get(paramsSchema);

    const requestBody = deref(operation.requestBody);
    const bodySchema = requestBody?.content?.['application/json']?.schema;
    if (requestBody && !bodySchema) throw new Error(`${id}: only JSON request bodies are supported.`);
    // A oneOf body gets one validator per branch, so that the client can report the problems
    // of the branch the body comes closest to instead of those of every branch.
    const branches = bodySchema ? (deref(bodySchema).oneOf ?? [bodySchema]) : [];
    const body = branches.map((branch, i) => {
      checkKeywords(branch, `${id} request body`);
      const name = `${id}Body${i}`;
      ajv.addSchema(toJsonSchema(branch), name);
      validators.push(name);
      return name;
    });
    const permission = operation['x-required-permission'];
    if (permission !== undefined && typeof permission !== 'string') {
      throw new Error(`${id}: x-required-permission must be a string.`);
    }
    const idempotent = operation['x-idempotent'] ?? IDEMPOTENT.has(method);
    if (typeof idempotent !== 'boolean') throw new Error(`${id}: x-idempotent must be true or false.`);
    // What a call does, for the errors after which it may or may not have happened.
    const effect = /^(\S.*?) has (\S.*)$/.exec(operation['x-effect'] ?? 'the request has taken effect');
    if (!effect || (operation['x-effect'] !== undefined && typeof operation['x-effect'] !== 'string')) {
      throw new Error(`${id}: x-effect must read "<what> has <happened>", as in "the build has started".`);
    }
    if (idempotent && operation['x-effect'] !== undefined) {
      throw new Error(`${id}: x-effect is only for an operation that is not re-sent (x-idempotent: false).`);
    }
    docs.push({
      id,
      summary: operation.summary,
      description: operation.description,
      hasBody: !!bodySchema,
      bodyRequired: requestBody?.required === true,
      // Without required \`data\` fields, any 2xx is accepted: an empty one resolves to undefined.
      mayBeEmpty: !requiredDataFields(operation)?.length,
    });
    operations.push({
      id,
      method: method.toUpperCase(),
      path,
      pathParams,
      query,
      idempotent,
      ...(permission ? { permission } : {}),
      // Only operations that are not re-sent after an uncertain failure speak of their effect.
      ...(idempotent || !operation['x-effect'] ? {} : { effect: [effect[1], effect[2]] }),
      params: paramsValidator,
      body,
      bodyRequired: requestBody?.required === true,
      secrets: bodySchema ? secretsOf(bodySchema) : [],
      data: requiredDataFields(operation),
      dataTypes: dataFieldTypes(operation),
    });
  }
}

ajv.addSchema({ $id: schemaId, $defs: toJsonSchema(spec.components?.schemas ?? {}) });
for (const [name, schema] of paramsSchemas) ajv.addSchema(schema, name);
const standalone = standaloneCode(ajv, Object.fromEntries(validators.map((name) => [name, name])));
const table = `export const operations = [\n${operations
  .map(({ params, body, ...entry }) => {
    const json = JSON.stringify(entry).slice(0, -1);
    return `  ${json},"validateParams":${params},"validateBody":[${body.join(',')}]}`;
  })
  .join(',\n')}\n];\n`;

// One ES module: Ajv's code as Ajv writes it, the runtime helpers it requires (string length
// in code points, say) bundled in by esbuild, and the table.
const result = await build({
  stdin: {
    contents: `${standalone}\n${table}`,
    resolveDir: pkgDir,
    sourcefile: 'operations.mjs',
    loader: 'js',
  },
  absWorkingDir: pkgDir,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  write: false,
  legalComments: 'none',
  logLevel: 'silent',
  // The validators are also exported by name by Ajv; only the table is part of the module.
  treeShaking: true,
});

const versions = ['ajv', 'ajv-formats', 'esbuild']
  .map((name) => `${name} ${require(`${name}/package.json`).version}`)
  .join(', ');
const header = `// Generated by packages/client/scripts/generate.mjs from @start-job-build/types/openapi.json
// with ${versions}. Do not edit: change spec/openapi.yaml and run \`pnpm generate\`.
`;

// The typed method of each operation, documented with the spec's summary and description.
const comment = (text) =>
  `  /**\n${text
    .trim()
    .replaceAll('*/', '*\\/')
    .split('\n')
    .map((line) => `   * ${line}`.trimEnd())
    .join('\n')}\n   */`;
const methods = docs
  .map(({ id, summary, description, hasBody, bodyRequired, mayBeEmpty }) => {
    const body = hasBody ? `body${bodyRequired ? '' : '?'}: OperationBody<'${id}'>, ` : '';
    return `${comment(`${summary ?? id}\n\n${description ?? ''}`)}\n  ${id}(params: OperationParams<'${id}'>, ${body}options?: RequestOptions): Promise<OperationData<'${id}'>${mayBeEmpty ? ' | undefined' : ''}>;`;
  })
  .join('\n');

const declarations = `${header}
import type { operations as Operations } from '@start-job-build/types';
import type { RequestOptions } from '../options.js';

type Defined<T> = [T] extends [never] | [undefined] ? unknown : NonNullable<T>;
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;
/** An operation's path and query parameters, by name. */
export type OperationParams<Id extends keyof Operations> = Defined<Operations[Id]['parameters']['path']> &
  Defined<Operations[Id]['parameters']['query']>;
/** An operation's JSON request body. */
export type OperationBody<Id extends keyof Operations> = JsonOf<NonNullable<Operations[Id]['requestBody']>>;
/** What a call resolves to: the \`data\` of the 2xx response, or undefined when it has none. */
export type OperationData<Id extends keyof Operations> = DataOf<
  JsonOf<Operations[Id]['responses'][Extract<keyof Operations[Id]['responses'], 200 | 201 | 202 | 204>]>
>;
// Distributes over the 2xx bodies: a 200 with \`data\` and a 204 without give \`D | undefined\`.
type DataOf<B> = B extends { data: infer D } ? D : undefined;

/** One method per operation of the spec, named by its operationId. */
export interface OperationMethods {
${methods}
}
/** One problem reported by a generated validator (Ajv's error object, without data or message). */
export interface GeneratedValidationError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
  propertyName?: string;
}

/** A validator compiled from the spec: returns true when the value matches the schema. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: GeneratedValidationError[] | null;
}

/** A place in a request body that holds a secret; \`*\` stands for any key or index. */
export interface SecretField {
  at: string[];
  /** The value is base64: the text it decodes to is secret too. */
  base64: boolean;
}

/** One operation of the spec, as the client needs it. */
export interface Operation {
  id: string;
  method: string;
  /** The path template, with \`{name}\` for each path parameter. */
  path: string;
  pathParams: string[];
  query: string[];
  /** Whether the operation may be re-sent after a timeout, a lost connection or a 5xx. */
  idempotent: boolean;
  /** The permission the operation needs (\`x-required-permission\`), when the spec names it. */
  permission?: string;
  /**
   * What a call does (\`x-effect\`, \`the build has started\` as \`['the build', 'started']\`), for the
   * errors after which it may or may not have happened; when absent, "the request has taken effect".
   */
  effect?: [string, string];
  bodyRequired: boolean;
  secrets: SecretField[];
  /** The fields the \`data\` of a 2xx body must have, or null when the body has no \`data\`. */
  data: string[] | null;
  /**
   * The JSON types (\`string\`, \`number\`, \`boolean\`, \`null\`, \`array\`, \`object\`) each top-level field
   * of a 2xx body's \`data\` may have, for the fields the spec types.
   */
  dataTypes: Record<string, string[]>;
  /** Validates the parameters object (path and query parameters by name). */
  validateParams: GeneratedValidator;
  /** The request body's validators: one per \`oneOf\` branch; empty without a body. */
  validateBody: GeneratedValidator[];
}

/** The operations of the spec: ${operations.map((o) => o.id).join(', ')}. */
export declare const operations: readonly Operation[];
`;

const outputs = {
  'operations.js': `${header}/* eslint-disable */\n${result.outputFiles[0].text}`,
  'operations.d.ts': declarations,
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
      `Generated operations are stale; run \`pnpm generate\` and commit the result:\n${stale.map((f) => `  ${f}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log('Generated operations are up to date with @start-job-build/types/openapi.json.');
}
