// A real HTTP server on 127.0.0.1 with a random port, for tests. Each test scripts the
// responses with `handle`; every request the server received is kept in `requests`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** When the request had been fully received (ms since the epoch). */
  at: number;
}

export type Handler = (req: ReceivedRequest, res: ServerResponse, raw: IncomingMessage) => void;

export interface TestServer {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Sets how the next requests are answered; the last handler repeats. */
  handle(...handlers: Handler[]): void;
  close(): Promise<void>;
}

export const BUILD = {
  id: 'joyous-view-6290',
  branch: 'main',
  sha: '12c15e7ee25fd78f567ebf87f9178b8ad70025b3',
  createdAt: '2021-07-28T15:55:38.296Z',
  status: 'PENDING',
  concluded: false,
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

export const ok = json(200, { data: BUILD });

/** Never answers: the request stays open until the client gives up or the server closes. */
export const hang: Handler = () => {};

/** Reads the whole request, then destroys the connection without answering. */
export const dropConnection: Handler = (_req, _res, raw) => {
  raw.socket.destroy();
};

export async function startServer(port = 0): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  let handlers: Handler[] = [ok];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      requests.push(received);
      const handler = handlers.length > 1 ? (handlers.shift() as Handler) : (handlers[0] as Handler);
      handler(received, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    handle: (...next) => {
      handlers = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * One server per test file: started before the first test, its request log emptied and its
 * handler reset to `defaultHandler` before each test, closed after the last.
 */
export function useTestServer(defaultHandler: Handler = ok): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    Object.assign(server, await startServer());
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.handle(defaultHandler);
  });
  return server;
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = await startServer();
  await server.close();
  return server.port;
}

/** A logger that records every call, for assertions. */
export function recordingLogger() {
  const calls: { level: string; args: unknown[] }[] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) => {
      calls.push({ level, args });
    };
  return { calls, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

export const TOKEN = 'nf-test-token-9f8e7d6c5b4a';
export const SHA = '262ed9817b3cad5142fbceabe0c9e371e390d616';
