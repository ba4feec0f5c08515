// A stateful fake of the job-build endpoints on 127.0.0.1 (random port). POST .../build starts
// a build whose statuses follow its job's timeline, one stage per read (GET); DELETE aborts it.
// Faults queued in `faults` answer the next requests instead (a status, or a dropped connection).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = 'nf-test-token-3f9a1c';
export const SHA = '262ed9817b3cad5142fbceabe0c9e371e390d616';

export interface Stage {
  status: string;
  /** How many reads this stage lasts; the last stage lasts forever. */
  reads?: number;
  message?: string;
}

/** The timeline of a build, by job id. Any other job's builds succeed after two reads. */
export const TIMELINES: Record<string, Stage[]> = {
  nightly: [{ status: 'QUEUED', reads: 1 }, { status: 'BUILDING', reads: 1 }, { status: 'SUCCESS' }],
  broken: [
    { status: 'BUILDING', reads: 1 },
    { status: 'FAILURE', message: 'step 3/7 failed: exit code 1' },
  ],
  slow: [{ status: 'BUILDING' }],
};

export interface Logged {
  method: string;
  url: string;
  authorization: string | undefined;
  userAgent: string | undefined;
  body: string;
}

export interface FakeBuild {
  id: string;
  jobId: string;
  body: string;
  reads: number;
  aborted: boolean;
}

/** An answer for the next request (of `method`, when given): a status, a dropped connection, or none at all. */
export type Fault =
  | { status: number; headers?: Record<string, string>; body?: unknown; method?: string }
  | 'drop'
  | 'hang';

export interface FakeServer {
  url: string;
  requests: Logged[];
  builds: Map<string, FakeBuild>;
  faults: Fault[];
  /** When set, every build's `message` is this function of the body it was started with (an echoing server). */
  echo?: ((body: string) => string) | undefined;
  close(): Promise<void>;
}

const FINAL = new Set(['SUCCESS', 'FAILURE', 'CRASHED', 'SUBMISSION_FAILURE', 'ABORTED']);
const PATH = /^\/v1\/projects\/([^/]+)\/jobs\/([^/]+)\/build(?:\/([^/]+))?$/;

function stageOf(build: FakeBuild): Stage {
  if (build.aborted) return { status: 'ABORTED', message: 'aborted by a user' };
  const timeline = TIMELINES[build.jobId] ?? TIMELINES.nightly ?? [];
  let reads = build.reads;
  for (const stage of timeline) {
    if (stage.reads === undefined || reads <= stage.reads) return stage;
    reads -= stage.reads;
  }
  return timeline[timeline.length - 1] as Stage;
}

export async function startServer(): Promise<FakeServer> {
  let count = 0;
  const fake: FakeServer = {
    url: '',
    requests: [],
    builds: new Map(),
    faults: [],
    close: async () => {},
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const details = (build: FakeBuild) => {
    const stage = stageOf(build);
    const concluded = FINAL.has(stage.status);
    return {
      id: build.id,
      branch: 'main',
      sha: SHA,
      createdAt: '2021-07-28T15:55:38.296Z',
      status: stage.status,
      concluded,
      success: concluded ? stage.status === 'SUCCESS' : false,
      message: fake.echo ? fake.echo(build.body) : (stage.message ?? null),
      ...(concluded ? { buildConcludedAt: 1627487918000 } : {}),
    };
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const method = req.method ?? '';
    fake.requests.push({
      method,
      url: req.url ?? '',
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
      body,
    });
    const at = fake.faults.findIndex(
      (f) => typeof f === 'string' || f.method === undefined || f.method === method,
    );
    const fault = at === -1 ? undefined : fake.faults.splice(at, 1)[0];
    if (fault === 'drop') return req.socket.destroy();
    if (fault === 'hang') return;
    if (fault) return send(res, fault.status, fault.body ?? {}, fault.headers);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return send(res, 401, { error: { status: 401, message: 'Invalid token' } });
    }
    const [, , jobId, buildId] = PATH.exec(req.url ?? '') ?? [];
    if (!jobId) return send(res, 404, { error: { status: 404, message: 'Not found' } });
    if (method === 'POST' && !buildId) {
      const id = `build-${++count}`;
      const build: FakeBuild = { id, jobId, body, reads: 0, aborted: false };
      fake.builds.set(id, build);
      const { sha } = JSON.parse(body || '{}');
      return send(res, 200, {
        data: {
          id,
          branch: 'main',
          sha: sha ?? SHA,
          createdAt: '2021-07-28T15:55:38.296Z',
          status: 'PENDING',
          concluded: false,
        },
      });
    }
    const build = buildId ? fake.builds.get(buildId) : undefined;
    if (!build) return send(res, 404, { error: { status: 404, message: 'Build not found' } });
    if (method === 'GET') {
      build.reads += 1;
      return send(res, 200, { data: details(build) });
    }
    if (method === 'DELETE') {
      build.aborted = true;
      return send(res, 200, { data: {} });
    }
    return send(res, 405, { error: { status: 405, message: 'Method not allowed' } });
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((closed) => {
      server.closeAllConnections();
      server.close(() => closed());
    });
  return fake;
}

/** The address of a port that nothing listens on: connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((closed) => server.close(() => closed()));
  return `http://127.0.0.1:${port}`;
}
