// Child processes of the rehearsal: a clean environment and errors that carry the output.
import { execFile } from 'node:child_process';

export interface Output {
  stdout: string;
  stderr: string;
}

/**
 * The environment of every command the rehearsal runs. npm and pnpm hand their settings to child
 * processes as npm_config_* / pnpm_config_* variables, which would point the scratch copy at this
 * workspace; turbo marks its tasks with TURBO_* variables. And the rehearsal publishes only to
 * its own registry: it must never find a way to the real one, so no npm token and none of the
 * GitHub Actions variables that let pnpm ask for an OIDC token (trusted publishing) or sign
 * provenance, even when `pnpm test` itself runs in a workflow.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|turbo_|actions_id_token_|github_|runner_)/i.test(key)) continue;
    if (/^(NPM_TOKEN|NODE_AUTH_TOKEN|CHANGESETS_OUTPUT|NORTHFLANK_API_TOKEN)$/.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    REDOCLY_TELEMETRY: 'off',
    TURBO_TELEMETRY_DISABLED: '1',
    // The identity of the release commit and of the annotated tags `changeset publish` creates.
    GIT_AUTHOR_NAME: 'Release Rehearsal',
    GIT_AUTHOR_EMAIL: 'rehearsal@127.0.0.1',
    GIT_COMMITTER_NAME: 'Release Rehearsal',
    GIT_COMMITTER_EMAIL: 'rehearsal@127.0.0.1',
    ...extra,
  };
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<Output> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: cleanEnv(extraEnv), maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `\`${[command, ...args].join(' ')}\` in ${cwd} failed (${error.code ?? error.signal}):\n${stdout}\n${stderr}`,
            ),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}
