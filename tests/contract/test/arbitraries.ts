// fast-check generators for request bodies: valid ones, and mutations of valid ones that each
// break exactly one constraint of the contract. Patterns and lengths are read from the bundled
// spec, so the generators follow the contract instead of a copy of it.
import fc from 'fast-check';
import { spec } from './support.js';

const schemas = spec.components.schemas;
const docker = schemas.DockerOverrides.properties;
const shaLength: number = schemas.CommitSha.minLength;
if (schemas.CommitSha.maxLength !== shaLength)
  throw new Error('CommitSha is expected to have one exact length');

// biome-ignore lint/suspicious/noExplicitAny: bodies are arbitrary JSON by design.
type Json = any;
export interface Sample {
  /** `valid`, or the name of the one constraint the body breaks. */
  kind: string;
  body: Json;
}

const patterns = {
  dockerFilePath: new RegExp(docker.dockerFilePath.pattern),
  dockerWorkDir: new RegExp(docker.dockerWorkDir.pattern),
  dockerfileTarget: new RegExp(docker.dockerfileTarget.pattern),
};
const buildFileKey = new RegExp(schemas.BuildFiles.propertyNames.pattern);

/** Any Unicode text (whole code points), so lengths are checked in code points as JSON Schema says. */
const text = (maxLength = 8) => fc.string({ unit: 'binary', maxLength });
const shaOfLength = (length: number) =>
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length }),
    fc.string({ unit: 'binary', minLength: length, maxLength: length }),
  );
const nonString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant({}),
);
const nonObject = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);

const secretFile = fc.record({
  data: fc.base64String({ maxLength: 24 }),
  encoding: fc.constantFrom('utf-8', 'base64', 'ascii'),
});
const validDocker = fc.record(
  {
    dockerFilePath: fc.stringMatching(patterns.dockerFilePath, { size: 'xsmall' }),
    dockerWorkDir: fc.stringMatching(patterns.dockerWorkDir, { size: 'xsmall' }),
    dockerfileTarget: fc.stringMatching(patterns.dockerfileTarget, { size: 'xsmall' }),
  },
  { requiredKeys: [] },
);
const validOverrides = fc.record(
  {
    buildArguments: fc.dictionary(text(), text(), { maxKeys: 3 }),
    buildFiles: fc.dictionary(
      text().map((s) => `/${s}`),
      secretFile,
      { maxKeys: 2 },
    ),
    dockerSecretMounts: fc.dictionary(text(), secretFile, { maxKeys: 2 }),
    docker: validDocker,
  },
  { requiredKeys: [] },
);
const sha = shaOfLength(shaLength);
const currentSettings = fc.record({ sha }, { requiredKeys: [] });
const withOverrides = fc.record({ sha, overrides: validOverrides }, { requiredKeys: ['overrides'] });

/** Bodies the contract accepts (no body at all included). */
export const validBody = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: currentSettings, weight: 3 },
  { arbitrary: withOverrides, weight: 6 },
);

const anyValidObject = fc.oneof(currentSettings, withOverrides);

// Keys that end up in Prism's `sl-violations` header (the key of a broken entry, or an unknown
// key) are limited to what an HTTP header can carry after JSON.stringify: Prism 5.16 writes the
// violations into that header as is, and a character above U+00FF or a DEL (U+007F, which
// JSON.stringify leaves unescaped) makes Node throw inside Prism, which kills the mock.
// Valid bodies, whose keys Prism never echoes, still use all of Unicode.
const echoedKey = fc.string({
  unit: fc.nat({ max: 0xfe }).map((code) => String.fromCharCode(code >= 0x7f ? code + 1 : code)),
  minLength: 1,
  maxLength: 10,
});
const unknownKey = (known: string[]) => echoedKey.filter((key) => !known.includes(key));

// Helpers that rebuild (never mutate) a body with one part replaced.
const setSha = (body: Json, value: Json) => ({ ...body, sha: value });
const setOverride = (body: Json, key: string, value: Json) => ({
  ...body,
  overrides: { ...body.overrides, [key]: value },
});
const setDocker = (body: Json, key: string, value: Json) =>
  setOverride(body, 'docker', { ...body.overrides.docker, [key]: value });

/** Strings that break one docker pattern: near misses of valid values, and random text. */
function breaking(name: keyof typeof patterns) {
  const pattern = patterns[name];
  const valid = fc.stringMatching(pattern, { size: 'xsmall' });
  const nearMiss = fc.oneof(
    valid.map((s) => s.replace(/^\//, '')), // not absolute
    valid.map((s) => `${s}/ /`), // a space
    fc
      .tuple(valid, fc.constantFrom('@', '~', ':', '\\', 'é', '\u00a0', '*', '\n'))
      .map(([s, c]) => `${s}${c}`),
    valid.map((s) => `//${s}`), // an empty segment
    valid.map((s) => `${s}/`), // a trailing slash
    fc.constant(''),
  );
  return fc.oneof(nearMiss, fc.string({ unit: 'binary', maxLength: 12 })).filter((s) => !pattern.test(s));
}

function mutation(kind: string, arbitrary: fc.Arbitrary<Json>): fc.Arbitrary<Sample> {
  return arbitrary.map((body) => ({ kind, body }));
}

/** Invalid bodies, each breaking one named constraint of a valid body. */
export const mutations: fc.Arbitrary<Sample>[] = [
  mutation(
    'sha too short',
    fc
      .tuple(anyValidObject, fc.integer({ min: 0, max: shaLength - 1 }))
      .chain(([body, n]) => shaOfLength(n).map((s) => setSha(body, s))),
  ),
  mutation(
    'sha too long',
    fc
      .tuple(anyValidObject, fc.integer({ min: shaLength + 1, max: shaLength + 20 }))
      .chain(([body, n]) => shaOfLength(n).map((s) => setSha(body, s))),
  ),
  mutation(
    'sha not a string',
    fc.tuple(anyValidObject, nonString).map(([body, v]) => setSha(body, v)),
  ),
  ...(Object.keys(patterns) as (keyof typeof patterns)[]).map((name) =>
    mutation(
      `${name} pattern`,
      fc.tuple(withOverrides, breaking(name)).map(([body, value]) => setDocker(body, name, value)),
    ),
  ),
  mutation(
    'docker value not a string',
    fc
      .tuple(withOverrides, fc.constantFrom(...Object.keys(patterns)), nonString)
      .map(([body, key, value]) => setDocker(body, key, value)),
  ),
  mutation(
    'overrides not an object',
    fc.tuple(withOverrides, nonObject).map(([body, value]) => ({ ...body, overrides: value })),
  ),
  mutation(
    'build argument not a string',
    fc
      .tuple(withOverrides, echoedKey, nonString)
      .map(([body, key, value]) =>
        setOverride(body, 'buildArguments', { ...body.overrides.buildArguments, [key]: value }),
      ),
  ),
  mutation(
    'unknown top-level key',
    fc
      .tuple(anyValidObject, unknownKey(['sha', 'overrides']), text())
      .map(([body, key, value]) => ({ ...body, [key]: value })),
  ),
  mutation(
    'unknown overrides key',
    fc
      .tuple(withOverrides, unknownKey(Object.keys(schemas.BuildOverrides.properties)), text())
      .map(([body, key, value]) => setOverride(body, key, value)),
  ),
  mutation(
    'unknown docker key',
    fc
      .tuple(withOverrides, unknownKey(Object.keys(docker)), text())
      .map(([body, key, value]) => setDocker(body, key, value)),
  ),
  mutation(
    'unknown secret entry key',
    fc
      .tuple(
        withOverrides,
        fc.constantFrom('buildFiles', 'dockerSecretMounts'),
        secretFile,
        unknownKey(['data', 'encoding']),
      )
      .map(([body, map, entry, key]) =>
        setOverride(body, map, {
          ...body.overrides[map],
          [map === 'buildFiles' ? '/extra' : 'extra']: { ...entry, [key]: 'x' },
        }),
      ),
  ),
  mutation(
    'build file path not absolute',
    fc
      .tuple(
        withOverrides,
        text().filter((key) => !buildFileKey.test(key)),
        secretFile,
      )
      .map(([body, key, entry]) =>
        setOverride(body, 'buildFiles', { ...body.overrides.buildFiles, [key]: entry }),
      ),
  ),
  mutation(
    'secret entry shape',
    fc
      .tuple(
        withOverrides,
        fc.constantFrom('buildFiles', 'dockerSecretMounts'),
        secretFile,
        fc.constantFrom(
          'no data',
          'no encoding',
          'data not a string',
          'encoding not a string',
          'not an object',
        ),
        nonString,
      )
      .map(([body, map, entry, how, other]) => {
        const broken =
          how === 'no data'
            ? { encoding: entry.encoding }
            : how === 'no encoding'
              ? { data: entry.data }
              : how === 'data not a string'
                ? { ...entry, data: other ?? 1 }
                : how === 'encoding not a string'
                  ? { ...entry, encoding: other ?? 1 }
                  : entry.data;
        return setOverride(body, map, {
          ...body.overrides[map],
          [map === 'buildFiles' ? '/broken' : 'broken']: broken,
        });
      }),
  ),
  // A JSON null body is left out: Prism reads it as "no body" (allowed), while the client and
  // Ajv reject it. spec/test/prism.test.ts pins that Prism quirk.
  mutation(
    'body not an object',
    fc.oneof(
      fc.string({ maxLength: 5 }),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 2 }),
    ),
  ),
];

export const mutationKinds = [
  'sha too short',
  'sha too long',
  'sha not a string',
  ...Object.keys(patterns).map((name) => `${name} pattern`),
  'docker value not a string',
  'overrides not an object',
  'build argument not a string',
  'unknown top-level key',
  'unknown overrides key',
  'unknown docker key',
  'unknown secret entry key',
  'build file path not absolute',
  'secret entry shape',
  'body not an object',
];

/** Valid bodies and every mutation, about one valid body for every two invalid ones. */
export const sample: fc.Arbitrary<Sample> = fc.oneof(
  { arbitrary: validBody.map((body) => ({ kind: 'valid', body })), weight: mutations.length / 2 },
  ...mutations.map((arbitrary) => ({ arbitrary, weight: 1 })),
);
