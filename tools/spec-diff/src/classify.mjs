// Turns a `redocly diff` report into the semver bump the published packages need.
//
// Redocly's rating is used as is, with two documented corrections, both about what counts as
// documentation for this SDK:
// - Redocly rates as "patch" every modification that no diff rule flags, which includes
//   changes that are not documentation, such as a loosened maxLength, `additionalProperties:
//   false` becoming true, or a response property becoming required. Each of those alters what
//   users get: the generated types (@start-job-build/types) or the client's pre-flight
//   validation. Such a change is raised to "minor".
// - Redocly rates every addition as "minor", including additions that only document, such as
//   a new example or `x-codeSamples`. Those are lowered to "patch": the bundled spec in the
//   types package changes, but no type, validation or behaviour does.
// Documentation means descriptions, summaries, titles, examples, external docs, deprecation
// notes, `x-` extensions, tags and `info`. A change a diff rule rates as major is never touched.

export const BUMPS = /** @type {const} */ (['none', 'patch', 'minor', 'major']);

/** @param {string} a @param {string} b */
export function maxBump(a, b) {
  return BUMPS.indexOf(a) >= BUMPS.indexOf(b) ? a : b;
}

/** @param {string} a @param {string} b true when bump `a` is strictly bigger than `b` */
export function exceeds(a, b) {
  return BUMPS.indexOf(a) > BUMPS.indexOf(b);
}

const documentationKeywords = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  'deprecated',
]);
const documentationTypes = new Set([
  'Info',
  'Contact',
  'License',
  'ExternalDocs',
  'Example',
  'ExamplesMap',
  'Tag',
  'TagList',
]);

/** True when a change can only affect what people read, not types, validation or behaviour. */
export function isDocumentationOnly(change) {
  if (documentationTypes.has(change.typeName)) return true;
  const keyword = change.property ?? lastSegment(change.path);
  return documentationKeywords.has(keyword) || keyword.startsWith('x-');
}

function lastSegment(pointer) {
  const segments = String(pointer ?? '').split('/');
  return decodeSegment(segments[segments.length - 1] ?? '');
}

function decodeSegment(segment) {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * A readable place for a change, e.g.
 * `POST /v1/projects/{projectId}/jobs/{jobId}/build › response 200 › data.branch`.
 */
export function describeLocation(pointer) {
  const segments = String(pointer ?? '')
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeSegment);
  const parts = [];
  let properties = [];
  const flushProperties = () => {
    if (properties.length > 0) parts.push(properties.join('.'));
    properties = [];
  };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const next = segments[i + 1];
    if (segment === 'paths' && next !== undefined && segments[i + 2] !== undefined && i === 0) {
      parts.push(`${segments[i + 2].toUpperCase()} ${next}`);
      i += 2;
    } else if (segment === 'requestBody') {
      parts.push('request body');
    } else if (segment === 'responses' && next !== undefined) {
      parts.push(`response ${next}`);
      i += 1;
    } else if (segment === 'headers' && next !== undefined) {
      parts.push(`header ${next}`);
      i += 1;
    } else if (segment === 'parameters' && next !== undefined) {
      parts.push(`parameter ${next}`);
      i += 1;
    } else if (segment === 'content' && next !== undefined) {
      i += 1; // the media type adds little for a JSON-only API
    } else if (segment === 'schema') {
      // implied
    } else if ((segment === 'properties' || segment === 'patternProperties') && next !== undefined) {
      properties.push(next);
      i += 1;
    } else if ((segment === 'oneOf' || segment === 'anyOf' || segment === 'allOf') && next !== undefined) {
      flushProperties();
      parts.push(`${segment}[${next}]`);
      i += 1;
    } else if (segment === 'additionalProperties') {
      properties.push('*');
    } else if (segment === 'items') {
      properties.push('[]');
    } else {
      flushProperties();
      parts.push(segment);
    }
  }
  flushProperties();
  return parts.join(' › ') || '(document)';
}

/** One sentence for a change: the diff rule's message where there is one. */
export function describeChange(change) {
  const messages = (change.verdicts ?? []).map((verdict) => verdict.message).filter(Boolean);
  if (messages.length > 0) return messages.join(' ');
  const what = change.property ? `\`${change.property}\`` : (change.typeName ?? 'node');
  if (change.kind === 'added') return `Added ${what}.`;
  if (change.kind === 'removed') return `Removed ${what}.`;
  return `Changed ${what}.`;
}

/** Where the change is written in the bundled spec (a component pointer when there is one). */
function sourcePointer(change) {
  return change.revision?.pointer ?? change.base?.pointer ?? change.path;
}

/**
 * @param {any} report the JSON report of `redocly diff` (reportVersion 1)
 * @returns {{ bump: string, redoclyBump: string, changes: Array<{ impact: string, redoclyImpact: string,
 *   adjusted: boolean, kind: string, rules: string[], message: string, location: string, pointer: string }> }}
 */
export function classifyReport(report) {
  if (String(report?.reportVersion) !== '1' || !Array.isArray(report.changes)) {
    throw new Error('Unexpected `redocly diff` report format; this tool understands reportVersion 1.');
  }
  let bump = 'none';
  let redoclyBump = 'none';
  const changes = report.changes.map((change) => {
    const redoclyImpact = BUMPS.includes(change.impact) ? change.impact : 'patch';
    const documentation = isDocumentationOnly(change);
    let impact = redoclyImpact;
    if (redoclyImpact === 'patch' && !documentation) impact = 'minor';
    if (redoclyImpact === 'minor' && documentation) impact = 'patch';
    const adjusted = impact !== redoclyImpact;
    bump = maxBump(bump, impact);
    redoclyBump = maxBump(redoclyBump, redoclyImpact);
    return {
      impact,
      redoclyImpact,
      adjusted,
      kind: change.kind,
      rules: (change.verdicts ?? []).map((verdict) => verdict.ruleId),
      message: describeChange(change),
      location: describeLocation(change.path),
      pointer: sourcePointer(change),
    };
  });
  changes.sort((a, b) => BUMPS.indexOf(b.impact) - BUMPS.indexOf(a.impact));
  return { bump, redoclyBump, changes };
}
