// Path parameters go into the URL percent-encoded, and values that would become `.` or `..`
// segments are refused: whatever a caller passes, the request goes to the endpoint it names.

import { defaultPathSerializer } from 'openapi-fetch';
import { ValidationError, type ValidationIssue } from './errors.js';

/** Whether a string can be percent-encoded (it has no lone UTF-16 surrogate). */
function wellFormed(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/** The problems with the path parameters of a path template (none when all are usable). */
export function pathParamIssues(params: unknown, template: string): ValidationIssue[] {
  return (template.match(/[^{}]+(?=\})/g) ?? []).flatMap((name): ValidationIssue[] => {
    const value = (params as Record<string, unknown> | undefined)?.[name];
    const [keyword, message] =
      typeof value !== 'string'
        ? ['type', 'must be a string']
        : value === ''
          ? ['minLength', 'must be a non-empty string']
          : /^\.\.?$/.test(value)
            ? ['dotSegment', 'must not be "." or ".."']
            : !wellFormed(value)
              ? ['wellFormed', 'must be well-formed Unicode']
              : [];
    return keyword
      ? [{ in: 'path', pointer: `/${name}`, keyword, params: {}, message: message as string }]
      : [];
  });
}

/**
 * A path serializer for openapi-fetch: throws a ValidationError for a missing or unusable value,
 * then fills each `{name}` of the path template with the percent-encoded parameter using
 * openapi-fetch's default serializer (which every bundle contains anyway; for non-empty strings
 * it is `encodeURIComponent`).
 */
export function serializePath(template: string, params: Record<string, unknown>): string {
  const issues = pathParamIssues(params, template);
  if (issues.length) throw new ValidationError(issues);
  return defaultPathSerializer(template, params);
}
