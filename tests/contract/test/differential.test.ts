// Differential property test: for generated bodies, valid ones and mutations that each break
// one constraint, the client's pre-flight verdict (ValidationError or not, before any I/O) must
// equal Prism's verdict on the same body sent raw. Two independent validators of one contract.
//
// The seed is printed; replay a run with FC_SEED=<seed> (and FC_RUNS=<n> to change the count).
import { createClient, ValidationError } from '@start-job-build/client';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mutationKinds, type Sample, sample } from './arbitraries.js';
import { OPERATION_URL, PATH_PARAMS, prismUrl, TOKEN } from './support.js';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 600;
console.log(
  `fast-check seed ${seed}, ${numRuns} runs (replay: FC_SEED=${seed} pnpm --filter @start-job-build/contract-tests test)`,
);

type Verdict = 'valid' | 'invalid';

// The client never reaches the network here: a 200 stands in for the server, so the only
// way to get "invalid" is the client's own validation.
const offlineClient = createClient({
  token: TOKEN,
  baseUrl: 'http://127.0.0.1:9',
  validateRequests: true,
  maxRetries: 0,
  fetch: async () =>
    new Response(JSON.stringify({ data: { id: 'offline' } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    }),
});

async function clientVerdict(body: unknown): Promise<Verdict> {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: invalid bodies are the point of this test.
    await offlineClient.startJobBuild(PATH_PARAMS, body as any);
    return 'valid';
  } catch (error) {
    if (error instanceof ValidationError) return 'invalid';
    throw error;
  }
}

// Node's fetch keeps the connection alive between these sequential requests.
async function prismVerdict(body: unknown): Promise<{ verdict: Verdict; violations: string | null }> {
  const response = await fetch(`${prismUrl()}${OPERATION_URL}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((error: unknown) => {
    // The global setup prints Prism's last output when the mock died during the run.
    throw new Error('Prism did not answer (did the mock process exit?)', { cause: error });
  });
  await response.arrayBuffer();
  const violations = response.headers.get('sl-violations');
  if (response.status === 200 && violations === null) return { verdict: 'valid', violations };
  if (response.status === 400 && violations !== null) return { verdict: 'invalid', violations };
  throw new Error(
    `Unexpected answer from Prism: ${response.status}, sl-violations ${violations ?? 'absent'}`,
  );
}

const seen = new Map<string, number>();
afterAll(() => {
  console.log(`bodies per kind: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
});

describe('the client’s pre-flight validation agrees with Prism', () => {
  it(`on ${numRuns} generated bodies`, async () => {
    await fc.assert(
      fc.asyncProperty(sample, async ({ kind, body }: Sample) => {
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        const expected: Verdict = kind === 'valid' ? 'valid' : 'invalid';
        const fromClient = await clientVerdict(body);
        const fromPrism = await prismVerdict(body);
        expect({ kind, client: fromClient, prism: fromPrism.verdict }).toEqual({
          kind,
          client: fromPrism.verdict,
          prism: expected,
        });
      }),
      { seed, numRuns },
    );
    expect(numRuns).toBeGreaterThanOrEqual(500);
  });

  it('generated every kind of body', () => {
    for (const kind of ['valid', ...mutationKinds]) {
      expect(seen.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(Math.min(5, numRuns / 100));
    }
  });
});
