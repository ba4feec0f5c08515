// Checks a call's parameters and body with the validators generated from the spec, before
// anything is sent. Nothing here restates a constraint: the generated code holds them, and
// carries no message texts (they would ship in every bundle), so issues are worded here from
// the failed keyword and its params, in Ajv's words.

import { ValidationError, type ValidationIssue } from './errors.js';
import type { GeneratedValidator, Operation } from './generated/operations.js';

function messageOf(keyword: string, params: Record<string, unknown>): string {
  if (keyword === 'type') return `must be ${params.type}`;
  if (keyword === 'pattern') return `must match pattern "${params.pattern}"`;
  if (keyword === 'required') return 'is required';
  if (keyword === 'additionalProperties') return 'is not a known property';
  if (/^m(in|ax)Length$/.test(keyword))
    return `must NOT have ${keyword[1] === 'i' ? 'fewer' : 'more'} than ${params.limit} characters`;
  if (params.comparison) return `must be ${params.comparison} ${params.limit}`;
  return `must satisfy ${keyword} ${JSON.stringify(params)}`;
}

/** Ajv's errors as issues; a missing or unknown property is reported at the property itself. */
function issuesOf(
  validate: GeneratedValidator,
  where: (pointer: string) => ValidationIssue['in'],
): ValidationIssue[] {
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'propertyNames')
    .map(({ instancePath, keyword, params, propertyName }) => {
      const name = propertyName ?? params.missingProperty ?? params.additionalProperty;
      const pointer =
        name === undefined
          ? instancePath
          : `${instancePath}/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const message = `${propertyName === undefined ? '' : 'property name '}${messageOf(keyword, params)}`;
      return { in: where(pointer), pointer, keyword, params, message };
    });
}

/**
 * How far a body is from a branch: a missing or unknown top-level property (the body has
 * another shape) weighs more than any number of problems inside a matching shape.
 */
const cost = (issues: ValidationIssue[]) =>
  issues.reduce(
    (sum, i) =>
      sum + (/^\/[^/]*$/.test(i.pointer) && /^(required|additionalProperties)$/.test(i.keyword) ? 1000 : 1),
    0,
  );

/**
 * Throws a ValidationError listing every problem with a call's parameters (path and query, by
 * name) and body. A body that matches no branch of a `oneOf` is reported against the branch
 * closest to it: the shape the caller most likely meant.
 */
export function validateCall(op: Operation, params: unknown, body: unknown, hasBody: boolean): void {
  const issues = op.validateParams(params)
    ? []
    : issuesOf(op.validateParams, (p) =>
        op.pathParams.includes(p.slice(1)) || !op.query.length ? 'path' : 'query',
      );
  const failures = op.validateBody.map((validate) =>
    validate(body) ? [] : issuesOf(validate, () => 'body'),
  );
  if (hasBody && failures.length && !failures.some((f) => !f.length))
    issues.push(...failures.reduce((a, b) => (cost(b) < cost(a) ? b : a)));
  if (!hasBody && op.bodyRequired)
    issues.push({ in: 'body', pointer: '', keyword: 'required', params: {}, message: 'is required' });
  if (issues.length) throw new ValidationError(issues);
}

/**
 * A path serializer for openapi-fetch: each `{name}` becomes the percent-encoded value. Values
 * that are not non-empty strings (or numbers), hold a lone surrogate, or would become `.` or
 * `..` segments are refused whatever validation says: a request goes to the endpoint it names.
 */
export function serializePath(template: string, params: Record<string, unknown>): string {
  const issues: ValidationIssue[] = [];
  const url = template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = params[name];
    try {
      if (/^(string|number)$/.test(typeof value) && !/^\.{0,2}$/.test(`${value}`))
        return encodeURIComponent(value as string);
    } catch {}
    const message = 'must be a non-empty, well-formed string other than "." and ".."';
    issues.push({ in: 'path', pointer: `/${name}`, keyword: 'path', params: {}, message });
    return '';
  });
  if (issues.length) throw new ValidationError(issues);
  return url;
}
