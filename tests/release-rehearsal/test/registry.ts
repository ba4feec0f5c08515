// A real npm registry for the rehearsal: Verdaccio on 127.0.0.1, a free port, no uplinks (it
// knows only what is published to it), storage in a temporary folder, one user whose token
// publishes. stop() ends its whole process group and is safe to call twice.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export interface Registry {
  url: string;
  /** A token of the registry's one user, who may publish. */
  token: string;
  /** The last lines Verdaccio printed, for error messages. */
  log(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string): string {
  return `storage: ${JSON.stringify(join(dir, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, 'htpasswd'))}
    max_users: 1
uplinks: {}
packages:
  '**':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
web:
  enable: false
log: { type: stdout, format: json, level: warn }
`;
}

async function waitForPing(url: string, exited: () => boolean, deadline: number): Promise<boolean> {
  while (Date.now() < deadline && !exited()) {
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) return true;
    } catch {} // not listening yet
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function startOnce(dir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const bin = require.resolve('verdaccio/bin/verdaccio');
  const child = spawn(
    process.execPath,
    [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitedCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on('close', (code) => {
      exitedCode = code;
      resolve();
    }),
  );
  const stop = async () => {
    if (exitedCode !== undefined) return;
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {} // already gone
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {}
    }, 3_000);
    await exited;
    clearTimeout(timer);
  };
  const up = await waitForPing(url, () => exitedCode !== undefined, Date.now() + 30_000);
  return { url, up, stop, log: () => output };
}

export async function startRegistry(dir: string): Promise<Registry> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.yaml'), config(dir));
  // A free port can be taken between the check and Verdaccio's listen: try again on another.
  for (let attempt = 1; ; attempt++) {
    const started = await startOnce(dir);
    if (!started.up) {
      await started.stop();
      if (attempt < 3) continue;
      throw new Error(`Verdaccio did not answer on ${started.url}:\n${started.log()}`);
    }
    // Verdaccio stops on SIGTERM; this is for a test run that dies before its afterAll.
    const onExit = () => void started.stop();
    process.once('exit', onExit);
    const user = await fetch(`${started.url}-/user/org.couchdb.user:rehearsal`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'rehearsal', password: `rehearsal-${process.pid}-${Date.now()}` }),
    });
    const { token } = (await user.json()) as { token?: string };
    if (!user.ok || !token) {
      await started.stop();
      throw new Error(`Verdaccio did not create the publishing user (${user.status}):\n${started.log()}`);
    }
    return {
      url: started.url,
      token,
      log: started.log,
      stop: async () => {
        process.off('exit', onExit);
        await started.stop();
      },
    };
  }
}
