// 4. Validation throughput: bodies per second through the client's pre-flight check, without I/O.
// - invalid bodies: startJobBuild() with a fetch that must never be called; each call ends in the
//   ValidationError the check throws (so this includes building that error and rejecting the promise);
// - valid bodies: startJobBuild() through an injected fetch that answers with a canned 200 Response at
//   once, so the figure is the whole client-side call (validation, request building, response parsing)
//   with no network; the same call with validateRequests off isolates the validator's share, and bare
//   openapi-fetch through the same canned fetch shows what the rest of our call path costs without I/O.
import createOpenapiFetch from 'openapi-fetch';
import { operations } from '../../../packages/client/src/generated/operations.js';
import {
  invalidBodies,
  JOB_ID,
  OK_RESPONSE,
  OPERATION_PATH,
  PROJECT_ID,
  TOKEN,
  VALID_BODY,
} from './fixtures.mjs';
import { pairedDifferences, summarize } from './stats.mjs';
import { loadOurClient } from './subjects.mjs';

const path = { projectId: PROJECT_ID, jobId: JOB_ID };
const okText = JSON.stringify(OK_RESPONSE);

function cannedFetch() {
  return Promise.resolve(
    new Response(okText, { status: 200, headers: { 'content-type': 'application/json' } }),
  );
}

function forbiddenFetch() {
  throw new Error('the pre-flight check let an invalid body through to fetch');
}

const startJobBuild = operations.find((op) => op.id === 'startJobBuild');

/**
 * Microseconds per body of the generated validators alone (the functions the client calls: the
 * parameters' validator, then every `oneOf` branch's body validator, as the client runs them),
 * over `count` synchronous calls: what the paired difference below estimates through whole calls.
 */
function validatorMicros(body, count) {
  const { validateParams, validateBody } = startJobBuild;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const matches = validateBody.map((validate) => validate(body));
    if (!validateParams(path) || !matches.includes(true)) {
      throw new Error('the generated validators rejected the valid call');
    }
  }
  return ((performance.now() - start) * 1000) / count;
}

/** Calls per second of `task(i)` over `count` awaited calls. */
async function rate(task, count) {
  const start = performance.now();
  for (let i = 0; i < count; i++) await task(i);
  return count / ((performance.now() - start) / 1000);
}

export async function runValidation({ rounds, callsPerRound, log }) {
  const ours = await loadOurClient();
  if (!ours.module) return { unavailable: ours.reason };
  const { createClient, ValidationError } = ours.module;
  const make = (fetch, validateRequests) =>
    createClient({ token: TOKEN, baseUrl: 'http://127.0.0.1:9', fetch, validateRequests, maxRetries: 0 });
  const validOn = make(cannedFetch, true);
  const validOff = make(cannedFetch, false);
  const invalidClient = make(forbiddenFetch, true);
  const bad = invalidBodies();
  const bare = createOpenapiFetch({
    baseUrl: 'http://127.0.0.1:9',
    fetch: cannedFetch,
    headers: { authorization: `Bearer ${TOKEN}` },
  });

  const cases = {
    valid: () => validOn.startJobBuild(path, VALID_BODY),
    validNoValidation: () => validOff.startJobBuild(path, VALID_BODY),
    openapiFetch: async () => {
      const { data } = await bare.POST(OPERATION_PATH, { params: { path }, body: VALID_BODY });
      if (data?.data?.id !== OK_RESPONSE.data.id) throw new Error('bare openapi-fetch: unexpected response');
    },
    invalid: async (i) => {
      try {
        await invalidClient.startJobBuild(path, bad[i % bad.length]);
      } catch (error) {
        if (error instanceof ValidationError) return;
        throw error;
      }
      throw new Error('an invalid body was accepted');
    },
  };
  const ids = Object.keys(cases);
  for (const id of ids) await rate(cases[id], Math.ceil(callsPerRound / 4));
  const perRound = Object.fromEntries(ids.map((id) => [id, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < ids.length; k++) {
      const id = ids[(k + r) % ids.length];
      perRound[id].push(await rate(cases[id], callsPerRound));
    }
  }
  log(`validation: ${rounds} rounds of ${callsPerRound} calls done`);
  validatorMicros(VALID_BODY, 10_000);
  const validatorUs = Array.from({ length: rounds }, () => validatorMicros(VALID_BODY, 100_000));
  const toMicros = (perSecond) => perSecond.map((v) => 1e6 / v);
  return {
    unit: 'calls per second',
    rounds,
    callsPerRound,
    method: 'startJobBuild() with an injected fetch (canned 200 Response, no I/O)',
    valid: summarize(perRound.valid),
    validNoValidation: summarize(perRound.validNoValidation),
    openapiFetch: summarize(perRound.openapiFetch),
    invalid: summarize(perRound.invalid),
    // Time the check adds to one valid call: per-call time with validation minus without, same round.
    validationCostUs: pairedDifferences(toMicros(perRound.valid), toMicros(perRound.validNoValidation)),
    // The validator on its own, timed directly (much less noisy than the difference above).
    validatorUs: summarize(validatorUs),
  };
}
