// Code samples generated from the contract's own examples, at build time: for every request
// example of every operation, a curl command and a TypeScript program (with
// @start-job-build/client) that send exactly that example's body to the path its parameters'
// examples fill in. Nothing here is kept by hand per operation, so a new example or operation
// gets its samples on the next build.
//
// Redoc 3 shows an operation's `x-codeSamples` in a menu keyed by each sample's label, and only
// the labels listed in its `codeSamples.languages` option; the code it shows does not change with
// the request example picked above it (that picker only drives the JSON "Payload" tab). So an
// operation with several request examples gets one sample per language and example, labelled
// with both ("curl · with overrides"), and `redocOptions()` lists those labels. The template
// hides Redoc's example picker in that panel, so the panel never names one example while its
// code sends another.

/** The language tabs, in order: how each one is labelled and written. */
export const LANGUAGES = [
  { lang: 'curl', render: curlSample },
  { lang: 'TypeScript', render: typescriptSample },
];
const CLIENT_PACKAGE = '@start-job-build/client';
const TOKEN_VARIABLE = 'NORTHFLANK_API_TOKEN';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follows local `#/...` references until the node is not one. */
function deref(doc, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (!current.$ref.startsWith('#/') || hops > 32) throw new Error(`Cannot follow $ref ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split('/')
      .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((value, key) => value?.[key], doc);
  }
  return current;
}

/** Every operation with its path, method and effective parameters (path item's and its own). */
export function operationsOf(doc) {
  const operations = [];
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const byKey = new Map();
      for (const parameter of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
        const resolved = deref(doc, parameter);
        byKey.set(`${resolved.in}:${resolved.name}`, resolved);
      }
      operations.push({ path, method, operation, parameters: [...byKey.values()] });
    }
  }
  return operations;
}

/** A parameter's example value, or an error naming what the spec lacks. */
function exampleOf(parameter, operationId) {
  if (parameter.example !== undefined) return parameter.example;
  const first = Object.values(parameter.examples ?? {})[0];
  const value = first ? first.value : parameter.schema?.examples?.[0];
  if (value === undefined) {
    throw new Error(
      `${operationId}: parameter \`${parameter.name}\` has no example to put in its code samples.`,
    );
  }
  return value;
}

/**
 * The request examples of an operation: one per example of its JSON request body, or a single
 * request without a body. Path parameters and required query parameters take their examples.
 */
export function requestExamples(doc, { path, method, operation, parameters }) {
  const params = {};
  for (const parameter of parameters) {
    if (parameter.in === 'path' || (parameter.in === 'query' && parameter.required)) {
      params[parameter.name] = exampleOf(parameter, operation.operationId);
    }
  }
  const filledPath = path.replace(/\{([^}]+)\}/g, (_, name) => {
    if (!(name in params)) throw new Error(`${operation.operationId}: no path parameter \`${name}\`.`);
    return encodeURIComponent(String(params[name]));
  });
  const query = new URLSearchParams();
  for (const parameter of parameters) {
    if (parameter.in === 'query' && parameter.name in params)
      query.append(parameter.name, String(params[parameter.name]));
  }
  const request = { method: method.toUpperCase(), path: filledPath, query: query.toString(), params };

  const media = deref(doc, operation.requestBody)?.content?.['application/json'];
  if (!media) return [{ key: undefined, summary: undefined, ...request, body: undefined }];
  const named = Object.entries(media.examples ?? {}).map(([key, example]) => {
    const resolved = deref(doc, example);
    if (resolved.value === undefined)
      throw new Error(`${operation.operationId}: example \`${key}\` has no value.`);
    return { key, summary: resolved.summary ?? key, ...request, body: resolved.value };
  });
  if (named.length > 0) return named;
  if (media.example !== undefined)
    return [{ key: undefined, summary: undefined, ...request, body: media.example }];
  throw new Error(
    `${operation.operationId}: the JSON request body has no example to build code samples from.`,
  );
}

/**
 * The label a sample gets in Redoc's menu: the language, and when the operation has several
 * request examples, the example's name in words (`withOverrides` becomes "with overrides"); the
 * examples' summaries are sentences, too long for the menu button beside the path.
 */
export function sampleLabel(lang, example, exampleCount) {
  if (exampleCount <= 1) return lang;
  const words = String(example.key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return `${lang} · ${words}`;
}

/** Single-quotes a string for a POSIX shell. */
function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function curlSample(example, { serverUrl }) {
  const url = `${serverUrl}${example.path}${example.query ? `?${example.query}` : ''}`;
  const lines = [];
  if (example.body !== undefined) lines.push('--header "Content-Type: application/json"');
  // Double quotes: the shell fills in the token from the environment, as the client does.
  lines.push(`--header "Authorization: Bearer $${TOKEN_VARIABLE}"`);
  lines.push(`--request ${example.method}`);
  if (example.body !== undefined) {
    // Short bodies stay on one line (as on Northflank's page); longer ones are indented JSON.
    const compact = JSON.stringify(example.body);
    const json =
      compact.length <= SHORT ? compact : JSON.stringify(example.body, null, 2).replaceAll('\n', '\n  ');
    lines.push(`--data ${shellQuote(json)}`);
  }
  // A URL with a query string is quoted, so that the shell does not treat `?` or `&` itself.
  lines.push(example.query ? `"${url}"` : url);
  return `curl ${lines.join(' \\\n  ')}\n`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** The longest literal kept on one line. */
const SHORT = 72;
/** A JSON value as a TypeScript literal: single-quoted strings, bare keys where allowed. */
export function typescriptLiteral(value, indent = '') {
  if (typeof value === 'string') {
    // JSON's escapes are valid in a TypeScript string; only the quote character differs.
    const escaped = JSON.stringify(value).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
    return `'${escaped}'`;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const key = (name) => (IDENTIFIER.test(name) ? name : typescriptLiteral(name));
  const parts = Array.isArray(value)
    ? value.map((item) => (inner) => typescriptLiteral(item, inner))
    : Object.entries(value).map(
        ([name, item]) =>
          (inner) =>
            `${key(name)}: ${typescriptLiteral(item, inner)}`,
      );
  if (parts.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{ ', ' }'];
  const oneLine = `${open}${parts.map((part) => part('')).join(', ')}${close}`;
  if (!oneLine.includes('\n') && indent.length + oneLine.length <= SHORT) return oneLine;
  const inner = `${indent}  `;
  return `${open.trim()}\n${parts.map((part) => `${inner}${part(inner)},`).join('\n')}\n${indent}${close.trim()}`;
}

function typescriptSample(example, { operation }) {
  const args = [typescriptLiteral(example.params, '    ')];
  if (example.body !== undefined) args.push(typescriptLiteral(example.body, '    '));
  const call = `await client.${operation.operationId}(\n    ${args.join(',\n    ')},\n  )`;
  return [
    `import { ApiError, createClient } from '${CLIENT_PACKAGE}';`,
    '',
    `// Without a \`token\` option the client reads ${TOKEN_VARIABLE} from the environment.`,
    'const client = createClient();',
    '',
    'try {',
    `  const result = ${call};`,
    '  console.log(result);',
    '} catch (error) {',
    '  // No error the client throws contains the token or a secret value of the request.',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this line is TypeScript source for the sample.
    '  if (error instanceof ApiError) console.error(`${error.status}: ${error.message}`);',
    '  throw error;',
    '}',
    '',
  ].join('\n');
}

/** The generated samples of one operation, in Redoc's `x-codeSamples` shape. */
export function samplesFor(doc, entry) {
  const serverUrl = (doc.servers?.[0]?.url ?? '').replace(/\/+$/, '');
  const examples = requestExamples(doc, entry);
  return LANGUAGES.flatMap(({ lang, render }) =>
    examples.map((example) => ({
      lang,
      label: sampleLabel(lang, example, examples.length),
      source: render(example, { serverUrl, operation: entry.operation }),
    })),
  );
}

/**
 * A copy of the document in which every operation's `x-codeSamples` are generated from its
 * examples (any samples it had are replaced). The input is not modified.
 */
export function withCodeSamples(doc) {
  const copy = structuredClone(doc);
  for (const entry of operationsOf(copy)) entry.operation['x-codeSamples'] = samplesFor(copy, entry);
  return copy;
}

/**
 * Redoc's options with `codeSamples.languages` listing every generated label, in the configured
 * language order (Redoc only shows samples whose label is listed there).
 */
export function redocOptions(options, docWithSamples) {
  const labels = new Set();
  for (const { operation } of operationsOf(docWithSamples)) {
    for (const sample of operation['x-codeSamples'] ?? []) labels.add(`${sample.lang}\u0000${sample.label}`);
  }
  const configured = options?.codeSamples?.languages ?? LANGUAGES.map(({ lang }) => ({ lang }));
  const languages = configured.flatMap(({ lang }) =>
    [...labels]
      .map((entry) => entry.split('\u0000'))
      .filter(([sampleLang]) => sampleLang === lang)
      .map(([, label]) => (label === lang ? { lang } : { lang, label })),
  );
  return { ...options, codeSamples: { ...options?.codeSamples, languages } };
}
