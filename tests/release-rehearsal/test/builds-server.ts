// A node:http stand-in for the API on 127.0.0.1: a started build is QUEUED, the first poll finds
// it BUILDING, the next one SUCCESS. It records what it received.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface BuildsServer {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

const START = /^\/v1\/projects\/([^/]+)\/jobs\/([^/]+)\/build$/;
const GET = /^\/v1\/projects\/([^/]+)\/jobs\/([^/]+)\/build\/([^/?]+)$/;

export async function startBuildsServer(): Promise<BuildsServer> {
  const requests: Received[] = [];
  const polls = new Map<string, number>();
  let started = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const start = START.exec(path);
      if (req.method === 'POST' && start) {
        started += 1;
        const id = `rehearsal-${start[2]}-${started}`;
        const { sha } = JSON.parse(body || '{}') as { sha?: string };
        return send(200, {
          data: { id, sha, createdAt: '2026-12-01T00:00:00.000Z', status: 'QUEUED', concluded: false },
        });
      }
      const polled = GET.exec(path);
      if (req.method === 'GET' && polled) {
        const id = polled[3] as string;
        const count = (polls.get(id) ?? 0) + 1;
        polls.set(id, count);
        const done = count >= 2;
        return send(200, {
          data: {
            id,
            status: done ? 'SUCCESS' : 'BUILDING',
            concluded: done,
            ...(done ? { success: true, buildConcludedAt: 1_764_547_200_000 } : {}),
          },
        });
      }
      send(404, { error: { status: 404, message: `No route for ${req.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
