// How to run the scenarios in each runtime. Deno, Bun and workerd come from npm (each ships its
// binary in a per-platform optional dependency), and so do Node 22 and 24 (tools/node-versions),
// so nothing is downloaded at test time.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EdgeVM } from '@edge-runtime/vm';
import { nodeBinary } from '@start-job-build/node-versions';
import { build } from 'esbuild';
import { freePort } from './server.js';

const run = promisify(execFile);
const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const runner = join(pkgDir, 'scenarios/run.mjs');

export interface ScenarioConfig {
  baseUrl: string;
  closedBaseUrl: string;
  token: string;
  maxResponseBytes: number;
}

export interface Runtime {
  name: string;
  /**
   * Whether the runtime's fetch error tells a refused connection (nothing sent, safe to retry)
   * from one lost after sending. workerd reports both as "Network connection lost.".
   */
  tellsRefusedFromLost: boolean;
  /** Fails with a message naming the fix when the runtime cannot start. */
  check(): Promise<string>;
  run(config: ScenarioConfig): Promise<Record<string, unknown>>;
}

function bin(name: string): string {
  const path = join(pkgDir, 'node_modules/.bin', name);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: run \`pnpm install\` at the repository root (tests/runtimes installs ${name} from npm).`,
    );
  }
  return path;
}

/** The environment of a child runtime: this one's, without any API token. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NORTHFLANK_API_TOKEN;
  return env;
}

async function version(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(command, args, { env });
    return stdout.trim().split('\n')[0] ?? '';
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed: ${(stderr || message).trim()}\n` +
        'Run `pnpm install` at the repository root; `bun` and `node` must be listed with `true` under `allowBuilds:` in pnpm-workspace.yaml (their install scripts link or fetch the binary).',
    );
  }
}

/**
 * Starts `command` in a process group of its own. The npm bins are wrappers (a shell shim, then
 * a Node script) around the real binary, so stopping the wrapper alone would leave the runtime
 * running: `stop` ends the whole group.
 */
function startGroup(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: pkgDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const stop = async () => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {} // the group has already gone
    await exited;
  };
  return { child, exited, stop, output: () => ({ stdout, stderr }) };
}

async function runScript(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const group = startGroup(command, args, env);
  const timer = setTimeout(() => void group.stop(), 60_000);
  try {
    const code = await group.exited;
    const { stdout, stderr } = group.output();
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`);
    const last = stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(last) as Record<string, unknown>;
  } finally {
    clearTimeout(timer);
    await group.stop();
  }
}

const denoDir = () => mkdtempSync(join(tmpdir(), 'runtime-tests-deno-'));

/**
 * Node: the machine's own (the one running this test, Node 20 on these machines: the consumer
 * floor) and the 22 and 24 binaries that tools/node-versions installs from npm.
 */
function nodeRuntime(name: string, binary: () => string, major?: number): Runtime {
  return {
    name,
    tellsRefusedFromLost: true,
    check: async () => {
      const found = await version(binary(), ['--version']);
      if (major !== undefined && !found.startsWith(`v${major}.`)) {
        throw new Error(
          `${binary()} is ${found}, not Node.js ${major}: run \`pnpm install\` at the repository root.`,
        );
      }
      return found;
    },
    run: (config) => runScript(binary(), [runner, JSON.stringify(config)], childEnv()),
  };
}

export const node = nodeRuntime(`Node (this process, ${process.version})`, () => process.execPath);
export const node22 = nodeRuntime('Node 22', () => nodeBinary(22), 22);
export const node24 = nodeRuntime('Node 24', () => nodeBinary(24), 24);

export const deno: Runtime = {
  name: 'Deno',
  tellsRefusedFromLost: true,
  check: () => version(bin('deno'), ['--version']),
  // Network access to loopback only, no environment access (reading NORTHFLANK_API_TOKEN is
  // refused, as in a typical locked-down Deno program), no prompts, no lock file written.
  run: async (config) => {
    const dir = denoDir();
    try {
      return await runScript(
        bin('deno'),
        ['run', '--no-prompt', '--no-lock', '--allow-net=127.0.0.1', runner, JSON.stringify(config)],
        childEnv({ DENO_DIR: dir, NO_COLOR: '1' }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export const bun: Runtime = {
  name: 'Bun',
  tellsRefusedFromLost: true,
  check: () => version(bin('bun'), ['--version']),
  run: (config) => runScript(bin('bun'), [runner, JSON.stringify(config)], childEnv()),
};

/** Bundles the worker (workerd resolves no packages) and runs it with a one-off config. */
async function runWorkerd(config: ScenarioConfig): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'runtime-tests-workerd-'));
  const port = await freePort();
  await build({
    entryPoints: [join(pkgDir, 'scenarios/worker.mjs')],
    outfile: join(dir, 'worker.js'),
    bundle: true,
    format: 'esm',
    // The conditions wrangler uses for Workers.
    conditions: ['workerd', 'worker', 'browser'],
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # Outbound fetches may reach loopback (the test's server), as in local development.
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
`,
  );
  const group = startGroup(bin('workerd'), ['serve', join(dir, 'config.capnp')], childEnv());
  const { child } = group;
  const stderr = () => group.output().stderr;
  try {
    // workerd prints nothing when it is ready: poll until the socket answers.
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}): ${stderr()}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, {
          method: 'POST',
          body: JSON.stringify(config),
        });
        if (!response.ok)
          throw new Error(`worker answered ${response.status}: ${await response.text()} ${stderr()}`);
        return (await response.json()) as Record<string, unknown>;
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    await group.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const workerd: Runtime = {
  name: 'workerd (Cloudflare Workers)',
  tellsRefusedFromLost: false,
  check: () => version(bin('workerd'), ['--version']),
  run: runWorkerd,
};

/**
 * Vercel's Edge Runtime as `edge-runtime` provides it for local development and tests: a V8
 * context with only the Web APIs, no `process` and no `require`. It evaluates scripts, so the
 * scenarios are bundled into one (with the conditions Next.js uses for edge code).
 */
async function runEdgeRuntime(config: ScenarioConfig): Promise<Record<string, unknown>> {
  const result = await build({
    entryPoints: [join(pkgDir, 'scenarios/scenarios.mjs')],
    bundle: true,
    format: 'iife',
    globalName: 'scenarios',
    conditions: ['edge-light', 'worker', 'browser'],
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  const vm = new EdgeVM();
  vm.evaluate(result.outputFiles[0]?.text ?? '');
  const results = await vm.evaluate(`scenarios.runScenarios(${JSON.stringify(config)})`);
  // Objects from the VM's realm, made plain for comparisons in this one.
  return JSON.parse(JSON.stringify(results));
}

export const edgeRuntime: Runtime = {
  name: "Vercel's Edge Runtime (edge-runtime)",
  tellsRefusedFromLost: true,
  check: async () => {
    const vm = new EdgeVM();
    if (vm.evaluate('typeof process') !== 'undefined')
      throw new Error('the Edge Runtime VM exposes `process`');
    return 'edge-runtime vm';
  },
  run: runEdgeRuntime,
};

export const RUNTIMES = [node, node22, node24, deno, bun, workerd, edgeRuntime];
