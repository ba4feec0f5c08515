// Path parameters go into the URL percent-encoded, and values that would become `.` or `..`
// segments are refused: whatever a caller passes, the request goes to the endpoint it names.

import { ValidationError, type ValidationIssue } from './errors.js';

/** The problems with one path parameter's value (none when it is usable). */
export function pathParamIssues(name: string, value: unknown): ValidationIssue[] {
  const issue = (keyword: string, message: string): ValidationIssue[] => [
    { in: 'path', pointer: `/${name}`, keyword, params: {}, message },
  ];
  if (typeof value !== 'string') return issue('type', 'must be a string');
  if (value === '') return issue('minLength', 'must be a non-empty string');
  if (value === '.' || value === '..') return issue('dotSegment', 'must not be "." or ".."');
  return [];
}

/**
 * A path serializer for openapi-fetch: fills each `{name}` of the path template with the
 * encoded parameter, and throws a ValidationError for a missing or unusable value.
 */
export function serializePath(template: string, params: Record<string, unknown>): string {
  const issues: ValidationIssue[] = [];
  const path = template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    const problems = pathParamIssues(name, value);
    issues.push(...problems);
    return problems.length ? '' : encodeURIComponent(value as string);
  });
  if (issues.length) throw new ValidationError(issues);
  return path;
}
