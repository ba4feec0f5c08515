// Turns a `redocly diff` report into the semver bump the published packages need.
//
// Redocly's rating is used as is, with these documented corrections. Redocly judges the HTTP
// contract; this SDK also publishes generated TypeScript types (@start-job-build/types) and
// the bundled spec itself, so:
// - Breaking for the generated types, although the wire format is unchanged or narrower, so
//   Redocly rates it patch: an enum that lost values (in a response too), a path parameter
//   renamed, a typed component (schema, response, parameter, request body, header, path item)
//   removed or renamed. Raised to "major" (`typeBreaks` below).
// - A response enum that only gains values: Redocly rates it major; lowered to "minor". Code
//   that compiled still compiles (only an exhaustiveness check notices), and a user on a caret
//   range needs the release for the types to accept the new value.
// - `format: password` set or removed: Redocly rates any new format major (`email` would
//   refuse values); `password` refuses nothing (it marks a value as secret, which the client
//   redacts), so it is lowered to "minor".
// - Any other modification no diff rule flags, such as a loosened maxLength, `additionalProperties:
//   false` becoming true, or a response property becoming required, changes the generated
//   types or the client's pre-flight validation: raised from "patch" to "minor".
// - An addition that only documents, such as a new example or `x-codeSamples`: lowered from
//   "minor" to "patch". The bundled spec changes, but no type, validation or behaviour does.
// - Bundles that differ where `redocly diff` does not look (it skips object values such as an
//   example's `value`): "patch", since the published bundle, docs and mock change.
// Documentation means descriptions, summaries, titles, examples, external docs, deprecation
// notes, `x-` extensions, tags and `info`. Apart from the response enum, a change a diff rule
// rates as major is never touched.

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
  'SpecExtension', // Redocly's type for an `x-` extension it does not know
]);

// The components openapi-typescript turns into members of the exported `components` type.
const typedComponents = new Set([
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'pathItems',
]);

// Maps whose keys the spec's author chooses. A node added under one of them is named by its
// key, not described by it: a property called `description` or a header called
// `x-ratelimit-reset` is data.
const namedMaps = new Set([
  ...typedComponents,
  'properties',
  'patternProperties',
  '$defs',
  'dependentSchemas',
  'securitySchemes',
  'links',
  'callbacks',
  'content',
  'encoding',
  'paths',
  'webhooks',
  'variables',
]);

/** True when a change can only affect what people read, not types, validation or behaviour. */
export function isDocumentationOnly(change) {
  if (documentationTypes.has(change.typeName)) return true;
  // A modified node names the keyword that changed; a node added or removed as a whole only
  // has its key, the last segment of its path.
  let keyword = change.property;
  if (!keyword) {
    const segments = pointerSegments(change.path);
    if (namedMaps.has(segments[segments.length - 2])) return false;
    keyword = segments[segments.length - 1] ?? '';
  }
  return documentationKeywords.has(keyword) || keyword.startsWith('x-');
}

/** The decoded segments of a JSON pointer such as `#/paths/~1v1~1x/get`. */
function pointerSegments(pointer) {
  return String(pointer ?? '')
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeSegment);
}

function decodeSegment(segment) {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query']);

/**
 * A readable place for a change, e.g.
 * `POST /v1/projects/{projectId}/jobs/{jobId}/build › response 200 › data.branch`.
 */
export function describeLocation(pointer) {
  const segments = pointerSegments(pointer);
  const parts = [];
  let properties = [];
  const flushProperties = () => {
    if (properties.length > 0) parts.push(properties.join('.'));
    properties = [];
  };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const next = segments[i + 1];
    if (segment === 'paths' && next !== undefined && i === 0) {
      // The path, with the operation when there is one (`parameters` may sit on the path item).
      const method = segments[i + 2];
      parts.push(httpMethods.has(method) ? `${method.toUpperCase()} ${next}` : next);
      i += httpMethods.has(method) ? 2 : 1;
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

/** The values of enum `base` that enum `revision` lacks (none unless both are enums). */
function lostEnumValues(change) {
  const [base, revision] = [change.base?.value, change.revision?.value];
  if (change.property !== 'enum' || !Array.isArray(base) || !Array.isArray(revision)) return [];
  const kept = new Set(revision.map((value) => JSON.stringify(value)));
  return base.filter((value) => !kept.has(JSON.stringify(value)));
}

/** `components.<section>.<name>` entries a removed `#/components`, section or component held. */
function removedComponents(change) {
  const [root, section, name, ...rest] = pointerSegments(change.path);
  if (change.kind !== 'removed' || root !== 'components' || rest.length > 0) return [];
  if (name !== undefined) return typedComponents.has(section) ? [`${section}.${name}`] : [];
  const sections = section === undefined ? (change.base?.value ?? {}) : { [section]: change.base?.value };
  return Object.entries(sections)
    .filter(([key, members]) => typedComponents.has(key) && members && typeof members === 'object')
    .flatMap(([key, members]) => Object.keys(members).map((member) => `${key}.${member}`));
}

/**
 * Changes that break code written against the generated types, although Redocly rates them
 * patch (it judges the wire, where they are invisible or narrower). Each returns a message or
 * nothing; any that applies makes the change major.
 */
const typeBreaks = {
  // The enum becomes a union type; TypeScript rejects code that still names a lost member
  // (`status === 'CRASHED'`, a `case`, a `Record<JobBuildStatus, …>` literal). Redocly flags
  // lost values only in requests.
  'spec-diff/enum-values-removed': (change) => {
    const lost = lostEnumValues(change);
    if (lost.length === 0) return undefined;
    const segments = pointerSegments(change.path);
    const owner = namedMaps.has(segments[segments.length - 2])
      ? ` of \`${segments[segments.length - 1]}\``
      : '';
    const values = lost.map((value) => `'${value}'`).join(', ');
    return `Enum${owner} lost values: ${values}. TypeScript code that names them no longer compiles.`;
  },
  // Redocly compares path templates with the parameter names blanked out, and lets a path
  // parameter be renamed; the generated `paths` type is keyed by the template and the
  // parameters by name (`params.path.jobId`).
  'spec-diff/path-template-changed': (change) =>
    change.typeName === 'PathItem' &&
    change.property === 'key' &&
    ['paths', 'webhooks'].includes(pointerSegments(change.path)[0])
      ? `Path \`${change.base?.value}\` became \`${change.revision?.value}\`; the generated types key operations by the path template.`
      : undefined,
  'spec-diff/parameter-renamed': (change) =>
    change.typeName === 'Parameter' && change.property === 'name'
      ? `Parameter \`${change.base?.value}\` was renamed to \`${change.revision?.value}\`; the generated types key parameters by name.`
      : undefined,
  // `components['schemas']['JobBuild']` (re-exported as `JobBuild`) disappears with it.
  'spec-diff/component-renamed': (change) => {
    const [root, section, , ...rest] = pointerSegments(change.path);
    if (
      root !== 'components' ||
      !typedComponents.has(section) ||
      rest.length > 0 ||
      change.property !== 'key'
    ) {
      return undefined;
    }
    return `Component \`${section}.${change.base?.value}\` was renamed to \`${change.revision?.value}\`; the generated types lose \`components['${section}']['${change.base?.value}']\`.`;
  },
  'spec-diff/component-removed': (change) => {
    const removed = removedComponents(change);
    if (removed.length === 0) return undefined;
    return `Components were removed from the generated types: ${removed.map((id) => `\`${id}\``).join(', ')}.`;
  },
};

/** This tool's own verdicts on a change Redocly rates below major. */
function typeBreakVerdicts(change) {
  return Object.entries(typeBreaks).flatMap(([ruleId, rule]) => {
    const message = rule(change);
    return message ? [{ ruleId, impact: 'major', message }] : [];
  });
}

/** A response enum that only gained values (Redocly's enum-values-added, nothing lost). */
function onlyGainedEnumValues(change) {
  const verdicts = change.verdicts ?? [];
  return (
    verdicts.length > 0 &&
    verdicts.every((verdict) => verdict.ruleId === 'enum-values-added') &&
    Array.isArray(change.base?.value) &&
    Array.isArray(change.revision?.value) &&
    lostEnumValues(change).length === 0
  );
}

/** A `format` set to or removed from `password`, which marks a secret and refuses no value. */
function onlySecretMark(change) {
  const values = [change.base?.value, change.revision?.value];
  return (
    change.property === 'format' &&
    values.includes('password') &&
    values.every((v) => v === undefined || v === 'password')
  );
}

/**
 * The first place where two documents differ, as a JSON pointer, or null when they are the
 * same. Member order counts: it changes the published bundle and the rendered docs.
 */
export function firstDifference(base, revision, pointer = '#') {
  if (Object.is(base, revision)) return null;
  const bothObjects = [base, revision].every((value) => value !== null && typeof value === 'object');
  if (!bothObjects || Array.isArray(base) !== Array.isArray(revision)) return pointer;
  const [baseKeys, revisionKeys] = [Object.keys(base), Object.keys(revision)];
  for (const key of new Set([...baseKeys, ...revisionKeys])) {
    const encoded = key.replace(/~/g, '~0').replace(/\//g, '~1');
    const found = firstDifference(base[key], revision[key], `${pointer}/${encoded}`);
    if (found) return found;
  }
  return baseKeys.join('\n') === revisionKeys.join('\n') ? null : pointer;
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
 * @param {{ base?: unknown, revision?: unknown }} [documents] the two bundled documents, parsed;
 *   when given, a difference Redocly does not report still counts (as patch)
 * @returns {{ bump: string, redoclyBump: string, changes: Array<{ impact: string, redoclyImpact: string,
 *   adjusted: boolean, kind: string, rules: string[], message: string, location: string, pointer: string }> }}
 */
export function classifyReport(report, documents) {
  if (String(report?.reportVersion) !== '1' || !Array.isArray(report.changes)) {
    throw new Error('Unexpected `redocly diff` report format; this tool understands reportVersion 1.');
  }
  let bump = 'none';
  let redoclyBump = 'none';
  const changes = report.changes.map((change) => {
    const redoclyImpact = BUMPS.includes(change.impact) ? change.impact : 'patch';
    const ownVerdicts = redoclyImpact === 'major' ? [] : typeBreakVerdicts(change);
    const verdicts = [...(change.verdicts ?? []), ...ownVerdicts];
    const documentation = isDocumentationOnly(change);
    let impact = redoclyImpact;
    if (ownVerdicts.length > 0) impact = 'major';
    else if (redoclyImpact === 'major' && (onlyGainedEnumValues(change) || onlySecretMark(change)))
      impact = 'minor';
    else if (redoclyImpact === 'patch' && !documentation) impact = 'minor';
    else if (redoclyImpact === 'minor' && documentation) impact = 'patch';
    bump = maxBump(bump, impact);
    redoclyBump = maxBump(redoclyBump, redoclyImpact);
    return {
      impact,
      redoclyImpact,
      adjusted: impact !== redoclyImpact,
      kind: change.kind,
      rules: verdicts.map((verdict) => verdict.ruleId),
      message: describeChange({ ...change, verdicts }),
      location: describeLocation(change.path),
      pointer: sourcePointer(change),
    };
  });
  // Redocly skips object values it has no type for, such as an example's `value`, and reports
  // nothing; the published bundle, the docs and the mock still change.
  const unreported =
    changes.length === 0 && documents ? firstDifference(documents.base, documents.revision) : null;
  if (unreported) {
    bump = 'patch';
    changes.push({
      impact: 'patch',
      redoclyImpact: 'none',
      adjusted: true,
      kind: 'modified',
      rules: [],
      message:
        'Only documentation or examples changed: the bundled spec differs where `redocly diff` does not compare (such as an example value).',
      location: describeLocation(unreported),
      pointer: unreported,
    });
  }
  changes.sort((a, b) => BUMPS.indexOf(b.impact) - BUMPS.indexOf(a.impact));
  return { bump, redoclyBump, changes };
}
