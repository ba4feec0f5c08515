// The API stand-in for the per-call bench. Runs in its own process (forked by per-call.mjs) so its work
// does not share an event loop with the clients being measured. Answers the start-build route with the
// seed's 200 response on 127.0.0.1, keeping connections alive; anything else gets a 404 in the API's
// error envelope so a client that calls the wrong URL cannot look fast.
import http from 'node:http';
import { OK_RESPONSE, RATE_LIMIT_HEADERS } from './fixtures.mjs';

const ROUTE = /^\/v1\/projects\/[^/]+\/jobs\/[^/]+\/build$/;
const okBody = Buffer.from(JSON.stringify(OK_RESPONSE));
const notFoundBody = Buffer.from(JSON.stringify({ error: { status: 404, message: 'Not found' } }));
let served = 0;
let refused = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const ok =
      req.method === 'POST' && ROUTE.test(req.url ?? '') && req.headers.authorization?.startsWith('Bearer ');
    const body = ok ? okBody : notFoundBody;
    if (ok) served++;
    else refused++;
    res.writeHead(ok ? 200 : 404, {
      'content-type': 'application/json',
      'content-length': body.length,
      ...(ok ? RATE_LIMIT_HEADERS : {}),
    });
    res.end(body);
  });
});
// Keep idle sockets open well past any pause between rounds, so every case reuses its connection.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.send?.({ type: 'listening', port });
});

process.on('message', (message) => {
  if (message?.type === 'stats') process.send?.({ type: 'stats', served, refused });
  if (message?.type === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
