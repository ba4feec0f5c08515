import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_SPEC_JSON, DIST_DIR, findOperation } from '../scripts/build.mjs';
import { withCodeSamples } from '../scripts/code-samples.mjs';

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked as plain JSON.
export type Json = any;

export const OPERATION_ID = 'startJobBuild';

/** The bundled contract as packages/types generated it (what the docs are built from). */
export function bundledSpec(): Json {
  return JSON.parse(readFileSync(BUNDLED_SPEC_JSON, 'utf8'));
}

/** The contract as the page shows it: with the code samples generated from its examples. */
export function shownSpec(): Json {
  return withCodeSamples(bundledSpec());
}

export function operationOf(doc: Json): { path: string; method: string; operation: Json } {
  const found = findOperation(doc, OPERATION_ID);
  if (!found) throw new Error(`No ${OPERATION_ID} operation in the spec`);
  return found;
}

/** Every operation of the document, with its path and method. */
export function allOperations(doc: Json): { path: string; method: string; operation: Json }[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, pathItem]) =>
    Object.entries(pathItem as Json)
      .filter(([, operation]) => typeof (operation as Json)?.operationId === 'string')
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/**
 * How many requests the samples must show, counted from the spec alone: one per example of an
 * operation's JSON request body, or one for an operation that takes no body.
 */
export function requestCount(doc: Json): number {
  return allOperations(doc)
    .map(({ operation }) => {
      const media = deref(doc, operation.requestBody)?.content?.['application/json'];
      return Math.max(1, Object.keys(media?.examples ?? {}).length);
    })
    .reduce((sum, count) => sum + count, 0);
}

/** The start operation's sample with this label (`curl · with overrides`), from a shown spec. */
export function codeSample(doc: Json, label: string): string {
  const sample = operationOf(doc).operation['x-codeSamples']?.find((s: Json) => s.label === label);
  if (!sample) throw new Error(`The ${OPERATION_ID} operation has no x-codeSamples entry labelled ${label}`);
  return sample.source;
}

/** Resolves a local `#/components/...` reference (once, or until it is not a reference). */
export function deref(doc: Json, node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((value: Json, key: string) => value[key], doc);
  }
  return current;
}

/** dist/index.html, or a failure that says how to produce it. */
export function builtPage(dir = DIST_DIR): string {
  const file = join(dir, 'index.html');
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: run \`pnpm build\` (or \`pnpm --filter @start-job-build/docs build\`).`,
    );
  }
  return readFileSync(file, 'utf8');
}

/** The OpenAPI document the page hands to Redoc (inlined by build-docs). */
export function embeddedDefinition(html: string): Json {
  const match = html.match(/const __redoc_definition = (.*);\n/);
  if (!match?.[1]) throw new Error('The page does not embed an API definition');
  return JSON.parse(match[1]);
}
