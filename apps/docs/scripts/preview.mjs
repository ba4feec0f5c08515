#!/usr/bin/env node
// `pnpm start`: serves the docs on localhost next to a Prism mock of the contract. The preview
// page is built into preview/ (not dist/, which is what gets published) with the mock listed as
// the first server and the curl sample pointed at it, so a reader can run it as shown.
//
// Usage: node scripts/preview.mjs [--port N] [--mock-port N] [--out DIR]
// Ports (also DOCS_PORT and MOCK_PORT): default 8080 and 4010; a busy default is replaced by a
// free port, a requested port that is busy is an error, and 0 means any free port.
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, startPrismMock } from '@start-job-build/prism-mock';
import { BUNDLED_SPEC, buildDocs, DOCS_DIR } from './build.mjs';
import { serveStatic } from './static-server.mjs';

export const PREVIEW_DIR = join(DOCS_DIR, 'preview');

function portIsFree(port) {
  return new Promise((resolveFree) => {
    const probe = createServer();
    probe.once('error', () => resolveFree(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree(true)));
  });
}

/** The port to use: the requested one (which must be free), else the default if free, else any. */
async function choosePort(requested, fallback) {
  if (requested === 0) return freePort();
  if (requested !== undefined) {
    if (!(await portIsFree(requested))) throw new Error(`Port ${requested} on 127.0.0.1 is already in use.`);
    return requested;
  }
  return (await portIsFree(fallback)) ? fallback : freePort();
}

function parsePort(name, value) {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number.`);
  return port;
}

/**
 * Starts the mock, builds the preview page for it and serves the page. Resolves once both
 * answer; stop() shuts both down.
 * @param {{ docsPort?: number, mockPort?: number, outDir?: string }} [options]
 */
export async function startPreview({ docsPort, mockPort, outDir = PREVIEW_DIR } = {}) {
  const mock = await startPrismMock({
    spec: BUNDLED_SPEC,
    errors: true,
    port: await choosePort(mockPort, 4010),
  });
  let site;
  try {
    await buildDocs({ outDir, mockUrl: mock.url });
    site = await serveStatic(outDir, { port: await choosePort(docsPort, 8080) });
  } catch (error) {
    await mock.stop();
    throw error;
  }
  return {
    docsUrl: site.url,
    mockUrl: mock.url,
    async stop() {
      await Promise.all([site.close(), mock.stop()]);
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'mock-port': { type: 'string' }, out: { type: 'string' } },
  });
  const preview = await startPreview({
    docsPort: parsePort('--port', values.port ?? process.env.DOCS_PORT),
    mockPort: parsePort('--mock-port', values['mock-port'] ?? process.env.MOCK_PORT),
    outDir: values.out ? resolve(values.out) : PREVIEW_DIR,
  });
  console.log(`
  API docs:    ${preview.docsUrl}
  Prism mock:  ${preview.mockUrl}  (validates requests; answers with the spec's examples)

  Try it:  curl -i -X POST -H 'Authorization: Bearer test' -H 'Content-Type: application/json' \\
             -d '{"sha":"262ed9817b3cad5142fbceabe0c9e371e390d616"}' \\
             ${preview.mockUrl}/v1/projects/default-project/jobs/nightly-report/build

  Press Ctrl+C to stop.
`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await preview.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
