// The loopback server the scenarios call (scenarios/scenarios.mjs). It answers by project id,
// so that one run of all scenarios needs one server, and it records every request it received.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export const TOKEN = 'nf-runtime-token-7c2e91d0a4';

export const BUILD = {
  id: 'joyous-view-6290',
  branch: 'main',
  sha: '262ed9817b3cad5142fbceabe0c9e371e390d616',
  createdAt: '2021-07-28T15:55:38.296Z',
  status: 'PENDING',
  concluded: false,
};

export const PAGINATION = { hasNextPage: true, cursor: 'next/page?=&', count: 1 };

export interface ReceivedRequest {
  method: string;
  /** The path as sent, percent-encoding included. */
  path: string;
  projectId: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The `maxResponseBytes` of the scenarios' client for the large-body scenarios. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface ScenarioServer {
  url: string;
  requests: ReceivedRequest[];
  /** Another origin (another port), where redirects point: nothing may ever arrive there. */
  elsewhere: { url: string; requests: ReceivedRequest[] };
  /** The requests for one project id (each scenario uses its own). */
  for(projectId: string): ReceivedRequest[];
  close(): Promise<void>;
}

const envelope = (status: number, message: string, id: string, details?: unknown) =>
  JSON.stringify({ error: { status, message, id, details } });

/** Writes `chunk` again and again, minding backpressure, until `limit` bytes or the client goes away. */
function writeEndlessly(res: ServerResponse, chunk: string, limit: number) {
  let written = 0;
  const more = () => {
    while (!res.destroyed && written < limit) {
      written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    if (!res.destroyed) res.end();
  };
  more();
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

export async function startScenarioServer(): Promise<ScenarioServer> {
  // About 16 kB of gzip (under the cap) that inflates to 16 MiB: the cap applies after decompression.
  // Compressed once here, so that no request waits while the server compresses it.
  const gzipBomb = gzipSync(JSON.stringify({ data: { ...BUILD, padding: 'x'.repeat(16 * 1024 * 1024) } }));
  const requests: ReceivedRequest[] = [];
  // The other origin records whatever reaches it, and answers like the API would.
  const stolen: ReceivedRequest[] = [];
  const other = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      stolen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        projectId: '',
        headers: req.headers,
        body,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: BUILD }));
    });
  });
  const otherUrl = await listen(other);
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      const projectId = decodeURIComponent(path.split('/')[3] ?? '');
      const request = { method: req.method ?? '', path, projectId, headers: req.headers, body };
      requests.push(request);
      const seen = requests.filter((r) => r.projectId === projectId).length;
      const json = (status: number, payload: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload);
      };
      switch (projectId) {
        case 'ok':
        case 'overrides':
        case 'raw':
          if (req.method === 'DELETE') return json(200, JSON.stringify({ data: {} }));
          // GET .../build (no build id) lists the job's builds.
          if (req.method === 'GET' && /\/build(\?|$)/.test(path)) {
            return json(200, JSON.stringify({ data: { builds: [BUILD], pagination: PAGINATION } }));
          }
          return json(200, JSON.stringify({ data: BUILD }));
        case 'missing':
          return json(404, envelope(404, 'Job not found', 'job-not-found'), {
            'x-request-id': 'req-404-abc',
          });
        case 'limited':
          if (seen > 1) return json(200, JSON.stringify({ data: BUILD }));
          return json(429, envelope(429, 'Too many requests', 'rate-limited'), {
            'retry-after': '0',
            'x-ratelimit-limit': '1000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': '0',
          });
        case 'limited-long':
          return json(429, envelope(429, 'Too many requests', 'rate-limited'), { 'retry-after': '3600' });
        case 'proxy-error':
          res.writeHead(502, { 'content-type': 'text/html' });
          return res.end('<html><body><h1>502 Bad Gateway</h1>\n<p>upstream   unavailable</p></body></html>');
        case 'echo': {
          // A careless server that quotes the request back: the client must scrub it.
          const quoted = `${req.headers.authorization} ${body}`;
          return json(400, envelope(400, `Rejected: ${quoted}`, 'bad-request', { received: quoted }));
        }
        case 'drop':
          // The whole request arrived; the connection breaks before any answer.
          return req.socket.destroy();
        case 'stall':
          // Headers and the start of a body, then nothing: the timeout must cover the body.
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.write('{"data":');
        case 'hang':
        case 'hang-abort':
          return; // never answers; the client gives up
        case 'redirect':
        case 'redirect-read':
          // To another origin: following it would send the token (and the POST's body) there.
          res.writeHead(req.method === 'POST' ? 307 : 302, { location: `${otherUrl}${path}` });
          return res.end();
        case 'too-large':
          // Declared up front: refused from the Content-Length alone.
          return json(200, JSON.stringify({ data: { ...BUILD, padding: 'x'.repeat(MAX_RESPONSE_BYTES) } }));
        case 'too-large-stream': {
          // No Content-Length and no end in sight (up to 64 MiB): the cap must stop the reading.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write(`{"data":${JSON.stringify(BUILD).slice(0, -1)},"padding":"`);
          return writeEndlessly(res, 'x'.repeat(16 * 1024), 64 * 1024 * 1024);
        }
        case 'too-large-gzip':
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          return res.end(gzipBomb);
        case 'endless': {
          // A body that never ends, a little at a time (well under the cap): the timeout must end it.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write(`{"data":${JSON.stringify(BUILD).slice(0, -1)},"padding":"`);
          const timer = setInterval(() => res.write('x'.repeat(100)), 10);
          res.on('close', () => clearInterval(timer));
          return;
        }
        default:
          return json(500, envelope(500, `unexpected request for ${projectId}`, 'unexpected'));
      }
    });
  });
  return {
    url: await listen(server),
    requests,
    elsewhere: { url: otherUrl, requests: stolen },
    for: (projectId) => requests.filter((r) => r.projectId === projectId),
    close: async () => {
      await Promise.all([stop(server), stop(other)]);
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
