// A stateful fake of the job-build endpoints on 127.0.0.1 (random port), for the wait tests.
// POST .../build starts a build that walks through a timeline of statuses, stage by stage, as
// time passes or as it is read (stages measured in reads make status sequences exact);
// GET .../build/{id} reads it; DELETE .../build/{id} aborts it. Faults (a dropped connection,
// a 5xx, a 429, a request that never gets an answer, any other answer) can be queued for the
// next GET or DELETE requests, and the rate limit can be set so that every response reports it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One stage of a build: `status` for `forMs` milliseconds, or for `reads` successful GETs of
 * the build (the last stage lasts forever).
 */
export interface Stage {
  status: string;
  forMs?: number;
  reads?: number;
  /** The build's `message` in this stage. */
  message?: string | null;
}

export interface FakeBuild {
  id: string;
  startedAt: number;
  timeline: Stage[];
  /** How many times a GET has answered with this build. */
  reads: number;
  abortedAt?: number;
}

export interface LoggedRequest {
  method: string;
  url: string;
  /** The build id of a request for one build. */
  buildId?: string;
  /** When the request was received (ms since the epoch). */
  at: number;
  /** What was answered: an HTTP status, `drop` or `hang`. */
  outcome: number | 'drop' | 'hang';
  authorization?: string;
}

export type Fault =
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown };

/**
 * A token's allowance: `limit` requests per window of `windowMs`. Every request uses one;
 * when none is left the server answers 429 (with x-ratelimit-reset, and no Retry-After) until
 * the window ends.
 */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

const FINAL = new Set(['SUCCESS', 'FAILURE', 'CRASHED', 'SUBMISSION_FAILURE', 'ABORTED']);
const BUILD_PATH = /^\/v1\/projects\/([^/]+)\/jobs\/([^/]+)\/build(?:\/([^/]+))?$/;

export interface BuildServer {
  url: string;
  log: LoggedRequest[];
  builds: Map<string, FakeBuild>;
  /** The timeline of builds started from now on. */
  timeline: Stage[];
  /** Registers a build that already exists (started now), for waitForJobBuild. */
  addBuild(id: string, timeline: Stage[]): FakeBuild;
  /** Faults for the next GET requests, one per request, in order. */
  faults: Fault[];
  /** Faults for the next DELETE requests (aborts), one per request, in order. */
  abortFaults: Fault[];
  /** When set, requests use up this allowance and every response carries x-ratelimit-* headers. */
  rateLimit: RateLimit | undefined;
  /** The requests of one method (for one build, if given). */
  requests(method: string, buildId?: string): LoggedRequest[];
  close(): Promise<void>;
}

function stageOf(build: FakeBuild, now: number): Stage {
  if (build.abortedAt !== undefined) return { status: 'ABORTED', message: 'The build was aborted.' };
  let elapsed = now - build.startedAt;
  let reads = build.reads;
  for (const stage of build.timeline) {
    if (stage.reads !== undefined) {
      if (reads < stage.reads) return stage;
      reads -= stage.reads;
    } else if (stage.forMs === undefined || elapsed < stage.forMs) {
      return stage;
    } else {
      elapsed -= stage.forMs;
    }
  }
  return build.timeline.at(-1) as Stage;
}

export function buildBody(build: FakeBuild, now = Date.now()) {
  const stage = stageOf(build, now);
  const concluded = FINAL.has(stage.status);
  return {
    id: build.id,
    branch: 'main',
    pullRequestId: null,
    sha: '12c15e7ee25fd78f567ebf87f9178b8ad70025b3',
    createdAt: new Date(build.startedAt).toISOString(),
    status: stage.status,
    concluded,
    success: stage.status === 'SUCCESS',
    message: stage.message ?? null,
    ...(concluded ? { buildConcludedAt: now } : {}),
  };
}

export async function startBuildServer(): Promise<BuildServer> {
  const log: LoggedRequest[] = [];
  const builds = new Map<string, FakeBuild>();
  let counter = 0;
  const sockets = new Set<import('node:net').Socket>();

  const state: Pick<BuildServer, 'timeline' | 'faults' | 'abortFaults' | 'rateLimit'> = {
    timeline: [{ status: 'QUEUED', reads: 2 }, { status: 'BUILDING', reads: 3 }, { status: 'SUCCESS' }],
    faults: [],
    abortFaults: [],
    rateLimit: undefined,
  };

  const addBuild = (id: string, timeline: Stage[]): FakeBuild => {
    const build = { id, startedAt: Date.now(), timeline, reads: 0 };
    builds.set(id, build);
    return build;
  };

  // The current rate-limit window.
  let window = { remaining: 0, endsAt: 0 };
  /** Uses one request of the allowance; returns the headers to send, and whether it was refused. */
  function useAllowance(now: number): { headers: Record<string, string>; refused: boolean } {
    const limit = state.rateLimit;
    if (!limit) return { headers: {}, refused: false };
    if (now >= window.endsAt) window = { remaining: limit.limit, endsAt: now + limit.windowMs };
    const refused = window.remaining === 0;
    if (!refused) window.remaining -= 1;
    return {
      refused,
      headers: {
        'x-ratelimit-limit': String(limit.limit),
        'x-ratelimit-remaining': String(window.remaining),
        // Seconds until the reset, rounded up to the millisecond.
        'x-ratelimit-reset': String(Math.ceil(window.endsAt - now) / 1000),
      },
    };
  }

  let limitHeaders: Record<string, string> = {};
  function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...limitHeaders, ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  const notFound = { error: { status: 404, message: 'Build not found' } };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const now = Date.now();
      const method = req.method ?? '';
      const url = req.url ?? '';
      const match = BUILD_PATH.exec(url);
      const buildId = match?.[3] === undefined ? undefined : decodeURIComponent(match[3]);
      const entry: LoggedRequest = {
        method,
        url,
        at: now,
        outcome: 200,
        ...(buildId === undefined ? {} : { buildId }),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      };
      log.push(entry);

      const allowance = useAllowance(now);
      limitHeaders = allowance.headers;
      if (allowance.refused) {
        entry.outcome = 429;
        answer(res, 429, { error: { status: 429, message: 'Too many requests' } });
        return;
      }

      const fault =
        method === 'GET' ? state.faults.shift() : method === 'DELETE' ? state.abortFaults.shift() : undefined;
      if (fault) {
        if (fault.kind === 'drop') {
          entry.outcome = 'drop';
          req.socket.destroy();
          return;
        }
        if (fault.kind === 'hang') {
          entry.outcome = 'hang';
          return;
        }
        entry.outcome = fault.status;
        answer(
          res,
          fault.status,
          fault.body ?? { error: { status: fault.status, message: `Fault ${fault.status}` } },
          fault.headers,
        );
        return;
      }

      const build = buildId === undefined ? undefined : builds.get(buildId);
      if (!match) {
        entry.outcome = 404;
        answer(res, 404, notFound);
      } else if (method === 'POST' && buildId === undefined) {
        counter += 1;
        const started = addBuild(`build-${counter}`, state.timeline);
        answer(res, 200, { data: { ...buildBody(started, now), status: 'PENDING', concluded: false } });
      } else if (method === 'GET' && build) {
        answer(res, 200, { data: buildBody(build, now) });
        build.reads += 1;
      } else if (method === 'DELETE' && build) {
        if (FINAL.has(stageOf(build, now).status)) {
          entry.outcome = 409;
          answer(res, 409, { error: { status: 409, message: 'The build has already concluded' } });
        } else {
          build.abortedAt = now;
          answer(res, 200, { data: {} });
        }
      } else {
        entry.outcome = 404;
        answer(res, 404, notFound);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    log,
    builds,
    addBuild,
    requests: (method: string, buildId?: string) =>
      log.filter((r) => r.method === method && (buildId === undefined || r.buildId === buildId)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}
