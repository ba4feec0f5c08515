// The loopback server the scenarios call (scenarios/scenarios.mjs). It answers by project id,
// so that one run of all scenarios needs one server, and it records every request it received.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = 'nf-runtime-token-7c2e91d0a4';

export const BUILD = {
  id: 'joyous-view-6290',
  branch: 'main',
  sha: '262ed9817b3cad5142fbceabe0c9e371e390d616',
  createdAt: '2021-07-28T15:55:38.296Z',
  status: 'PENDING',
  concluded: false,
};

export interface ReceivedRequest {
  method: string;
  /** The path as sent, percent-encoding included. */
  path: string;
  projectId: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScenarioServer {
  url: string;
  requests: ReceivedRequest[];
  /** The requests for one project id (each scenario uses its own). */
  for(projectId: string): ReceivedRequest[];
  close(): Promise<void>;
}

const envelope = (status: number, message: string, id: string, details?: unknown) =>
  JSON.stringify({ error: { status, message, id, details } });

export async function startScenarioServer(): Promise<ScenarioServer> {
  const requests: ReceivedRequest[] = [];
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
        default:
          return json(500, envelope(500, `unexpected request for ${projectId}`, 'unexpected'));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    for: (projectId) => requests.filter((r) => r.projectId === projectId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
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
