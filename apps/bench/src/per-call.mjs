// 1. Per-call time: sequential POSTs of the seed's request with overrides against a keep-alive server in
// another process, one call in flight at a time, so each figure is the client-side cost of one call plus
// the same loopback round trip for every case.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ApiClient, ApiClientInMemoryContextProvider } from '@northflank/js-client';
import createOpenapiFetch from 'openapi-fetch';
import { JOB_ID, OK_RESPONSE, OPERATION_PATH, PROJECT_ID, TOKEN, VALID_BODY } from './fixtures.mjs';
import { median, pairedRatios, rotatedOrders, summarize } from './stats.mjs';
import { loadOurClient } from './subjects.mjs';

const serverPath = fileURLToPath(new URL('./server.mjs', import.meta.url));
const EXPECTED_ID = OK_RESPONSE.data.id;

async function startServer() {
  const child = fork(serverPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`bench server exited early with code ${code}`);
    }),
  ]);
  const ask = async (type) => {
    const reply = once(child, 'message');
    child.send({ type });
    return (await reply)[0];
  };
  return {
    baseUrl: `http://127.0.0.1:${message.port}`,
    stats: () => ask('stats'),
    close: async () => {
      child.send({ type: 'close' });
      await once(child, 'exit');
    },
  };
}

/** The cases, in table order. A case is `{ id, label, call }` or `{ id, label, unavailable }`. */
export async function buildCases(baseUrl) {
  const path = { projectId: PROJECT_ID, jobId: JOB_ID };
  const url = `${baseUrl}/v1/projects/${PROJECT_ID}/jobs/${JOB_ID}/build`;
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const cases = [];

  cases.push({
    id: 'fetch',
    label: 'raw fetch (floor)',
    call: async () => {
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(VALID_BODY) });
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      return (await res.json()).data;
    },
  });

  const bare = createOpenapiFetch({ baseUrl, headers: { authorization: `Bearer ${TOKEN}` } });
  cases.push({
    id: 'openapi-fetch',
    label: 'bare openapi-fetch',
    call: async () => {
      const { data, error } = await bare.POST(OPERATION_PATH, { params: { path }, body: VALID_BODY });
      if (error) throw new Error('openapi-fetch returned an error');
      return data.data;
    },
  });

  const ours = await loadOurClient();
  for (const validateRequests of [true, false]) {
    const id = validateRequests ? 'ours' : 'ours-no-validation';
    const label = `our client, validation ${validateRequests ? 'on' : 'off'}`;
    if (!ours.module) {
      cases.push({ id, label, unavailable: ours.reason });
      continue;
    }
    // Defaults otherwise (timeout, retries): what a user gets.
    const client = ours.module.createClient({ token: TOKEN, baseUrl, validateRequests });
    cases.push({ id, label, call: () => client.startJobBuild(path, VALID_BODY) });
  }

  const provider = new ApiClientInMemoryContextProvider();
  await provider.addContext({ name: 'bench', token: TOKEN, host: baseUrl });
  // No agent option: node-fetch then uses Node's global agent, which keeps connections alive on Node 20.
  const official = new ApiClient(provider, { throwErrorOnHttpErrorCode: true });
  cases.push({
    id: 'official',
    label: '@northflank/js-client',
    call: async () => {
      const result = await official.start.job.build({ parameters: path, data: VALID_BODY });
      return result.data;
    },
  });
  return cases;
}

async function timeCalls(call, count, into) {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call();
    into[i] = performance.now() - start;
  }
}

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/**
 * Runs every available case for `rounds` rounds of `callsPerRound` calls, rotating the order each round.
 * A round's figure is the median of its per-call times; we report the median of those with min/max/IQR,
 * and ratios computed inside each round against bare openapi-fetch and raw fetch.
 */
export async function runPerCall({ rounds, callsPerRound, warmupCalls, log }) {
  const server = await startServer();
  try {
    const cases = await buildCases(server.baseUrl);
    const live = cases.filter((c) => c.call);
    for (const c of live) {
      const data = await c.call();
      if (data?.id !== EXPECTED_ID)
        throw new Error(`${c.label}: unexpected response ${JSON.stringify(data)}`);
    }
    log(`per-call: warm-up, ${warmupCalls} calls per case`);
    for (const c of live) await timeCalls(c.call, warmupCalls, new Float64Array(warmupCalls));

    const roundMedians = new Map(live.map((c) => [c.id, []]));
    const samples = new Float64Array(callsPerRound);
    for (const [r, order] of rotatedOrders(live.length, rounds).entries()) {
      for (const index of order) {
        const c = live[index];
        gc();
        await timeCalls(c.call, callsPerRound, samples);
        roundMedians.get(c.id).push(median(samples) * 1000);
      }
      log(`per-call: round ${r + 1}/${rounds} done`);
    }
    const { served, refused } = await server.stats();
    if (refused > 0) throw new Error(`the bench server refused ${refused} requests`);

    const reference = roundMedians.get('openapi-fetch');
    const floor = roundMedians.get('fetch');
    return {
      unit: 'µs per call',
      rounds,
      callsPerRound,
      warmupCalls,
      requestsServed: served,
      body: 'StartWithOverrides example from the spec',
      cases: cases.map((c) => {
        if (!c.call) return { id: c.id, label: c.label, unavailable: c.unavailable };
        const values = roundMedians.get(c.id);
        return {
          id: c.id,
          label: c.label,
          roundMediansUs: values,
          ...summarize(values),
          ratioToOpenapiFetch: pairedRatios(values, reference),
          ratioToFetch: pairedRatios(values, floor),
        };
      }),
    };
  } finally {
    await server.close();
  }
}
