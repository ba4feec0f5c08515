// A small static file server on loopback for the built site: used by `pnpm start`, the browser
// test and the bench. It serves only files under `root`, optionally gzips text (as GitHub Pages
// and any CDN would), and counts the bytes it sends so the bench can report the page weight.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.yaml', '.svg', '.txt']);

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Maps a request path to a file under root, or null when it is outside root or missing. */
async function fileFor(root, urlPath) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(urlPath, 'http://localhost').pathname);
  } catch {
    return null;
  }
  const file = resolve(join(root, pathname));
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (await isFile(file)) return file;
  const index = join(file, 'index.html');
  return (await isFile(index)) ? index : null;
}

/**
 * Serves `root` on http://127.0.0.1:<port>/ (port 0: a free one).
 * @param {string} root
 * @param {{ port?: number, host?: string, gzip?: boolean }} [options]
 */
export async function serveStatic(root, { port = 0, host = '127.0.0.1', gzip = false } = {}) {
  const absoluteRoot = resolve(root);
  const counters = { requests: 0, sentBytes: 0, rawBytes: 0 };
  const gzipped = new Map();
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await fileFor(absoluteRoot, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const ext = extname(file);
    const headers = {
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    counters.requests++;
    if (gzip && COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      let body = gzipped.get(file);
      if (!body) {
        const raw = await readFile(file);
        body = { raw: raw.length, gz: gzipSync(raw, { level: 9 }) };
        gzipped.set(file, body);
      }
      counters.rawBytes += body.raw;
      counters.sentBytes += body.gz.length;
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.gz.length });
      res.end(req.method === 'HEAD' ? undefined : body.gz);
      return;
    }
    const { size } = await stat(file);
    counters.rawBytes += size;
    counters.sentBytes += size;
    res.writeHead(200, { ...headers, 'content-length': size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}/`,
    port: address.port,
    counters,
    resetCounters() {
      Object.assign(counters, { requests: 0, sentBytes: 0, rawBytes: 0 });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
