// Client-side validation of the request body with validators generated from the spec
// (scripts/generate.mjs). Nothing here restates a constraint: the generated code holds them.
// The generated code carries no message texts (they would ship in every bundle); the issues
// are worded here from the failed keyword and its params, in Ajv's words.

import type { ValidationIssue } from './errors.js';
import {
  type GeneratedValidationError,
  validateCurrentSettings,
  validateWithOverrides,
} from './generated/request-validators.js';

function messageOf(keyword: string, params: Record<string, unknown>): string {
  if (keyword === 'type') return `must be ${params.type}`;
  if (keyword === 'pattern') return `must match pattern "${params.pattern}"`;
  if (keyword === 'required') return `must have required property '${params.missingProperty}'`;
  if (keyword === 'additionalProperties') return 'is not a known property';
  if (/^m(in|ax)Length$/.test(keyword)) {
    return `must NOT have ${keyword[1] === 'i' ? 'fewer' : 'more'} than ${params.limit} characters`;
  }
  // A keyword the spec does not use today: name it and its schema-side params.
  return `must satisfy ${keyword} ${JSON.stringify(params)}`;
}

function toIssue({ instancePath, keyword, params, propertyName }: GeneratedValidationError): ValidationIssue {
  // A bad property name and an unknown property are reported at the property, not its parent.
  const name = propertyName ?? (keyword === 'additionalProperties' ? params.additionalProperty : undefined);
  return {
    in: 'body',
    pointer:
      name === undefined
        ? instancePath
        : `${instancePath}/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`,
    keyword,
    params,
    message: `${propertyName === undefined ? '' : 'property name '}${messageOf(keyword, params)}`,
  };
}

/**
 * Checks a body (as it will be sent: after JSON serialisation) against the spec and returns
 * one issue per problem. The body's two shapes are told apart by `overrides`: a body with it
 * is checked as a build with overrides, any other as a build with the current settings, so
 * that the issues describe the shape the caller meant instead of both.
 */
export function bodyIssues(body: unknown): ValidationIssue[] {
  const validate =
    (body as { overrides?: unknown } | null)?.overrides === undefined
      ? validateCurrentSettings
      : validateWithOverrides;
  // A bad property name yields two errors: the name's own (kept) and a summary (dropped).
  return validate(body)
    ? []
    : (validate.errors ?? []).filter((error) => error.keyword !== 'propertyNames').map(toIssue);
}
