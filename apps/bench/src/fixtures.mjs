// Request and response bodies for every measurement, taken from the bundled spec's examples so the
// bench never keeps a second hand-written copy of the contract.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const spec = require('@start-job-build/types/openapi.json');

export const OPERATION_PATH = '/v1/projects/{projectId}/jobs/{jobId}/build';
export const PROJECT_ID = 'bench-project';
export const JOB_ID = 'bench-job';
// A placeholder, not a secret: the local server accepts any bearer token.
export const TOKEN = 'bench-token-not-a-secret';

function example(name) {
  const found = spec.components?.examples?.[name]?.value;
  if (found === undefined) throw new Error(`example "${name}" is missing from the bundled spec`);
  return structuredClone(found);
}

/** The seed's larger request: a build with overrides, so validation has patterns and maps to check. */
export const VALID_BODY = example('StartWithOverrides');
/** The seed's small request: a build of one commit with the current settings. */
export const SMALL_BODY = example('StartWithCurrentSettings');
/** The seed's 200 response body. */
export const OK_RESPONSE = example('BuildStarted');

export const RATE_LIMIT_HEADERS = {
  'x-ratelimit-limit': String(spec.components.headers.RateLimitLimit.example),
  'x-ratelimit-remaining': String(spec.components.headers.RateLimitRemaining.example),
  'x-ratelimit-reset': String(spec.components.headers.RateLimitReset.example),
};

/**
 * Bodies the pre-flight check must refuse, one broken constraint each, all derived from the valid one.
 * Each breaks a different rule so the throughput figure is not one lucky early exit.
 */
export function invalidBodies() {
  const shortSha = { ...example('StartWithOverrides'), sha: 'abc123' };
  const relativeDockerfile = example('StartWithOverrides');
  relativeDockerfile.overrides.docker.dockerFilePath = 'Dockerfile';
  const badTarget = example('StartWithOverrides');
  badTarget.overrides.docker.dockerfileTarget = 'stage one';
  const unknownField = { ...example('StartWithCurrentSettings'), branch: 'main' };
  const numericArgument = example('StartWithOverrides');
  numericArgument.overrides.buildArguments.ARGUMENT_2 = 12345;
  return [shortSha, relativeDockerfile, badTarget, unknownField, numericArgument];
}
