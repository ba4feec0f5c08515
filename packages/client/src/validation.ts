// Client-side validation of the request body with validators generated from the spec
// (scripts/generate.mjs). Nothing here restates a constraint: the generated code holds them.

import type { ValidationIssue } from './errors.js';
import {
  type GeneratedValidationError,
  validateCurrentSettings,
  validateWithOverrides,
} from './generated/request-validators.js';

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function toIssue(error: GeneratedValidationError): ValidationIssue | undefined {
  const { instancePath, keyword, params, message = keyword } = error;
  // A bad property name yields two errors: the name's own (kept) and a summary (dropped).
  if (keyword === 'propertyNames') return undefined;
  if (error.propertyName !== undefined) {
    return {
      in: 'body',
      pointer: `${instancePath}/${escapePointer(error.propertyName)}`,
      keyword,
      params,
      message: `property name ${message}`,
    };
  }
  if (keyword === 'additionalProperties') {
    const name = String(params.additionalProperty);
    return {
      in: 'body',
      pointer: `${instancePath}/${escapePointer(name)}`,
      keyword,
      params,
      message: 'is not a known property',
    };
  }
  return { in: 'body', pointer: instancePath, keyword, params, message };
}

/**
 * Checks a body (as it will be sent: after JSON serialisation) against the spec and returns
 * one issue per problem. The body's two shapes are told apart by `overrides`: a body with it
 * is checked as a build with overrides, any other as a build with the current settings, so
 * that the issues describe the shape the caller meant instead of both.
 */
export function bodyIssues(body: unknown): ValidationIssue[] {
  const withOverrides = typeof body === 'object' && body !== null && 'overrides' in body;
  const validate = withOverrides ? validateWithOverrides : validateCurrentSettings;
  if (validate(body)) return [];
  return (validate.errors ?? []).map(toIssue).filter((issue): issue is ValidationIssue => !!issue);
}
