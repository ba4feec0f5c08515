import type { Command } from './args.js';

const CONNECTION = `
  --json                 print only the API's data as JSON on stdout (messages go to stderr)
  --base-url <url>       the API's address (default https://api.northflank.com)
  --verbose              log every HTTP attempt to stderr (the token is redacted)
  -h, --help             show this help`;

const WAITING = `
  --timeout <duration>   stop waiting after this long (exit code 4; the build goes on).
                         Default: no limit
  --poll-interval <d>    poll every <d> (default: 5s, growing to 30s)
  --abort-on-cancel      on Ctrl-C (SIGINT) or SIGTERM, abort the build too`;

const MAIN = `job-build: start a Northflank job build from CI, follow it, exit with its outcome.

Usage:
  job-build start --project <id> --job <id> [--sha <commit>] [overrides] [--wait]
  job-build get   --project <id> --job <id> --build <id>
  job-build wait  --project <id> --job <id> --build <id>
  job-build abort --project <id> --job <id> --build <id>
  job-build --help | --version
  job-build <command> --help

The API token is read from NORTHFLANK_API_TOKEN (never from a flag).

Durations: a number and a unit, ms, s, m or h: 250ms, 10s, 30m. Units combine largest
first, each at most once: 1h30m, 1m30s. The last number may have decimals: 1.5h, 2.5s.

Exit codes:
  0  started, read or aborted; with --wait (and wait): the build succeeded
  1  the build concluded without success (failed, aborted, crashed)
  2  usage, validation or missing token: nothing was sent
  3  API or network error
  4  the wait timed out; the build goes on
  130, 143  interrupted by SIGINT (Ctrl-C) or SIGTERM while running
`;

const COMMAND_HELP: Record<Command, string> = {
  start: `Usage: job-build start --project <id> --job <id> [options]

Starts a build of the job. The request body is checked against the API's contract
before anything is sent.

Options:
  --project <id>         the project's id (required)
  --job <id>             the job's id (required)
  --sha <commit>         the full 40-character commit to build (default: the newest
                         commit of the job's branch)
  --build-arg KEY=VALUE  a build argument for this build; repeatable. --build-arg KEY
                         takes the value of the environment variable KEY, which keeps
                         it out of process lists
  --build-file /path=@file
                         put the local file's contents at /path in the build context;
                         repeatable
  --secret-mount NAME=@file
                         the local file's contents as the Docker secret mount NAME
                         (RUN --mount=type=secret,id=NAME); repeatable
  --docker-file <path>   the Dockerfile's path in the repository, such as /Dockerfile
  --docker-work-dir <p>  the Docker build context's path, such as /
  --docker-target <stage>
                         the stage of a multi-stage Dockerfile to build
  --wait                 wait until the build concludes; exit 0 only if it succeeded${WAITING}${CONNECTION}

Build-argument values and the contents of build files and secret mounts are never
printed. Files must be UTF-8 text; they are sent base64-encoded.
`,
  get: `Usage: job-build get --project <id> --job <id> --build <id> [--json]

Reads a build once and prints its status and outcome (exit code 0 whatever the status).

Options:
  --project <id>         the project's id (required)
  --job <id>             the job's id (required)
  --build <id>           the build's id (required)${CONNECTION}
`,
  wait: `Usage: job-build wait --project <id> --job <id> --build <id> [options]

Waits for a build started earlier to conclude; exit code 0 if it succeeded, 1 if not.

Options:
  --project <id>         the project's id (required)
  --job <id>             the job's id (required)
  --build <id>           the build's id (required)${WAITING}${CONNECTION}
`,
  abort: `Usage: job-build abort --project <id> --job <id> --build <id>

Asks the API to abort a build.

Options:
  --project <id>         the project's id (required)
  --job <id>             the job's id (required)
  --build <id>           the build's id (required)${CONNECTION}
`,
};

export const helpText = (command?: Command): string => (command ? COMMAND_HELP[command] : MAIN);
