// One place that knows how to run Prism: a free loopback port, a readiness probe, and a stop
// that always reaps the process, so no test run leaves a mock server behind.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function prismBin() {
  const pkgPath = require.resolve('@stoplight/prism-cli/package.json');
  const { bin } = JSON.parse(readFileSync(pkgPath, 'utf8'));
  return join(dirname(pkgPath), typeof bin === 'string' ? bin : bin.prism);
}

const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startPrismMock({ spec, errors = true, port, startTimeoutMs = 60_000 }) {
  const listenPort = port ?? (await freePort());
  const args = [prismBin(), 'mock', spec, '-h', '127.0.0.1', '-p', String(listenPort)];
  if (errors) args.push('--errors');
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SCARF_ANALYTICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  running.add(child);
  let log = '';
  child.stdout.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => running.delete(child));

  const url = `http://127.0.0.1:${listenPort}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Prism exited with code ${child.exitCode} before it listened:\n${log}`);
    // Prism logs this line once every route is mounted; a socket that accepts earlier may still 404.
    if (log.includes('Prism is listening')) {
      try {
        await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) });
        break;
      } catch {}
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not start within ${startTimeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port: listenPort, output: () => log, stop };
}
