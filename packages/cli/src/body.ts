// The start request's body from the flags: build arguments, build files and secret mounts read
// from local files and base64-encoded as the API expects (`{ data, encoding: 'utf-8' }`), and
// the Docker overrides. Every secret value is collected, so that no output can show it.
// The body's rules themselves (patterns, lengths) are the client's to check, against the spec.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { StartJobBuildRequest } from '@start-job-build/client';
import type { StartFlags } from './args.js';
import { UsageError } from './usage-error.js';

export interface StartBody {
  body: StartJobBuildRequest;
  /** Build-argument values, file contents and their base64: never to be shown. */
  secrets: string[];
}

interface SecretFile {
  data: string;
  encoding: 'utf-8';
}

/** Splits `KEY=rest` at the first `=`; the flag's value is never quoted in an error. */
function split(flag: string, value: string, form: string): [string, string | undefined] {
  const at = value.indexOf('=');
  const key = at === -1 ? value : value.slice(0, at);
  if (key === '') throw new UsageError(`${flag} needs the form ${form}`);
  return [key, at === -1 ? undefined : value.slice(at + 1)];
}

function add<T>(entries: Record<string, T>, flag: string, key: string, value: T) {
  if (Object.hasOwn(entries, key)) throw new UsageError(`${flag} ${key} is given more than once`);
  entries[key] = value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readSecretFile(
  flag: string,
  key: string,
  reference: string | undefined,
  form: string,
  cwd: string,
  secrets: string[],
): Promise<SecretFile> {
  // Contents only ever come from a file: a value typed inline would land in shell history.
  if (reference === undefined || !reference.startsWith('@') || reference.length < 2) {
    throw new UsageError(`${flag} ${key} needs the form ${form} (the contents are read from a local file)`);
  }
  const path = reference.slice(1);
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new UsageError(`${flag} ${key}: cannot read ${path} (${why})`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new UsageError(`${flag} ${key}: ${path} is not UTF-8 text, the only encoding the API takes`);
  }
  const data = bytes.toString('base64');
  secrets.push(text, data);
  return { data, encoding: 'utf-8' };
}

/** The body of `job-build start`; reads the files it names. A UsageError for malformed flags. */
export async function startBody(flags: StartFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<StartBody> {
  const secrets: string[] = [];
  const buildArguments: Record<string, string> = {};
  for (const entry of flags.buildArgs) {
    const [key, given] = split('--build-arg', entry, 'KEY=VALUE or KEY');
    const value = given ?? env[key];
    if (value === undefined) {
      throw new UsageError(`--build-arg ${key} has no value and the environment variable ${key} is not set`);
    }
    add(buildArguments, '--build-arg', key, value);
    secrets.push(value);
  }
  const files = async (flag: string, entries: string[], form: string) => {
    const result: Record<string, SecretFile> = {};
    for (const entry of entries) {
      const [key, reference] = split(flag, entry, form);
      add(result, flag, key, await readSecretFile(flag, key, reference, form, cwd, secrets));
    }
    return result;
  };
  const buildFiles = await files('--build-file', flags.buildFiles, '/path/in/build=@local-file');
  const dockerSecretMounts = await files('--secret-mount', flags.secretMounts, 'NAME=@local-file');

  const docker = Object.fromEntries(
    Object.entries({
      dockerFilePath: flags.dockerFile,
      dockerWorkDir: flags.dockerWorkDir,
      dockerfileTarget: flags.dockerTarget,
    }).filter(([, value]) => value !== undefined),
  );
  const overrides = Object.fromEntries(
    Object.entries({ buildArguments, buildFiles, dockerSecretMounts, docker }).filter(
      ([, value]) => Object.keys(value).length > 0,
    ),
  );
  const sha = flags.sha === undefined ? {} : { sha: flags.sha };
  const body = (Object.keys(overrides).length > 0 ? { ...sha, overrides } : sha) as StartJobBuildRequest;
  return { body, secrets };
}
