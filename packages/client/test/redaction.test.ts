// Nothing an error carries or prints contains the token or the values of build arguments,
// build files or secret mounts, whichever way it is printed.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  ConflictError,
  ConnectionError,
  createClient,
  MissingTokenError,
  RateLimitError,
  StartJobBuildError,
  type StartJobBuildRequest,
  startJobBuildAndWait,
  TimeoutError,
  ValidationError,
  WaitTimeoutError,
} from '../src/index.js';
import { createScrubber, REDACTED, scrubDeep } from '../src/redaction.js';
import {
  BUILD,
  closedPort,
  dropConnection,
  type Handler,
  hang,
  json,
  TOKEN,
  text,
  useTestServer,
} from './helpers/server.js';

const ARG = 'build-arg-value-7c1f';
const SHORT_ARG = 'x9';
const FILE = 'ZmlsZS1jb250ZW50cy1zZWNyZXQ=';
const MOUNT = 'bW91bnQtY29udGVudHMtc2VjcmV0';
const SECRETS = [TOKEN, ARG, FILE, MOUNT];

const body: StartJobBuildRequest = {
  overrides: {
    buildArguments: { API_KEY: ARG, SHORT: SHORT_ARG },
    buildFiles: { '/secrets/.env': { data: FILE, encoding: 'utf-8' } },
    dockerSecretMounts: { npmrc: { data: MOUNT, encoding: 'utf-8' } },
  },
};

/** Every way an error can end up printed or serialised. */
function everyPrint(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    String: String(e),
    toString: e.toString(),
    stack: String(e.stack),
    'JSON.stringify': JSON.stringify(e),
    'util.inspect': inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    'util.inspect(cause)': inspect(e.cause, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    'String(cause)': String(e.cause),
    entries: inspect(Object.entries(e), { depth: Number.POSITIVE_INFINITY }),
  };
}

function expectNoSecrets(error: unknown, secrets: string[] = SECRETS): void {
  expect(error).toBeInstanceOf(StartJobBuildError);
  for (const [how, printed] of Object.entries(everyPrint(error))) {
    for (const secret of secrets) {
      expect(printed.includes(secret), `${how} of ${(error as Error).name} contains a secret`).toBe(false);
    }
  }
}

const server = useTestServer();

async function failWith(
  handler: Handler,
  options: Parameters<typeof createClient>[0] = {},
): Promise<unknown> {
  server.handle(handler);
  // Long enough for any answer on a loaded machine; the hanging cases pass their own, shorter limit.
  const client = createClient({ token: TOKEN, baseUrl: server.url, timeoutMs: 2000, ...options });
  return client.startJobBuild({ projectId: 'p', jobId: 'j' }, body).catch((e: unknown) => e);
}

/** A server that echoes the request (headers and body) back in its error, as a careless API might. */
const echo =
  (status: number): Handler =>
  (req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          status,
          message: `Rejected ${req.headers.authorization} with ${req.body}`,
          id: 'err-1',
          details: {
            headers: req.headers,
            body: JSON.parse(req.body),
            [ARG]: [FILE, { deep: MOUNT }],
            short: SHORT_ARG,
          },
        },
      }),
    );
  };

describe('errors built from responses', () => {
  it.each([400, 401, 404, 429, 500])(
    'an envelope echoing the request (%i) is scrubbed everywhere',
    async (status) => {
      const error = (await failWith(echo(status), { maxRetries: 0 })) as ApiError;
      expect(error).toBeInstanceOf(status === 429 ? RateLimitError : ApiError);
      expectNoSecrets(error);
      expect(error.message).toContain(REDACTED);
      expect(JSON.stringify(error.details)).toContain(REDACTED);
      // A short value is redacted where it is the whole string.
      expect((error.details as { short: string }).short).toBe(REDACTED);
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    },
  );

  it('an HTML page echoing the request is scrubbed', async () => {
    const error = await failWith((req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html><body><pre>${req.headers.authorization} ${req.body}</pre></body></html>`);
    });
    expect(error).toBeInstanceOf(ApiError);
    expectNoSecrets(error);
  });

  it('a 200 that is not a build, echoing the request, is scrubbed', async () => {
    const error = await failWith((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${req.headers.authorization} ${req.body}`);
    });
    expect(error).toBeInstanceOf(ApiError);
    expectNoSecrets(error);
  });
});

describe('errors without a response', () => {
  it('ConnectionError (lost after sending)', async () => {
    const error = await failWith(dropConnection);
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoSecrets(error);
  });

  it('ConnectionError (refused)', async () => {
    const port = await closedPort();
    const client = createClient({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const error = await client.startJobBuild({ projectId: 'p', jobId: 'j' }, body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoSecrets(error);
  });

  it('TimeoutError', async () => {
    const error = await failWith(hang, { timeoutMs: 200 });
    expect(error).toBeInstanceOf(TimeoutError);
    expectNoSecrets(error);
  });

  it('AbortError', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await client
      .startJobBuild({ projectId: 'p', jobId: 'j' }, body, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expectNoSecrets(error);
  });

  it('a failing injected fetch whose error quotes the request', async () => {
    const client = createClient({
      token: TOKEN,
      fetch: async (request) => {
        throw new TypeError(`cannot send ${request.headers.get('authorization')}`);
      },
    });
    const error = (await client
      .startJobBuild({ projectId: 'p', jobId: 'j' }, body)
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(String((error.cause as Error).message)).toContain(REDACTED);
    expectNoSecrets(error);
  });
});

describe('client-side errors', () => {
  it('ValidationError', async () => {
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const invalid = { ...body, overrides: { ...body.overrides, buildFiles: { relative: { data: FILE } } } };
    const error = await client
      .startJobBuild({ projectId: 'p', jobId: 'j' }, invalid as StartJobBuildRequest)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expectNoSecrets(error);
  });

  it('MissingTokenError', async () => {
    const saved = process.env.NORTHFLANK_API_TOKEN;
    delete process.env.NORTHFLANK_API_TOKEN;
    try {
      const error = await createClient({ baseUrl: server.url })
        .startJobBuild({ projectId: 'p', jobId: 'j' }, body)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingTokenError);
      expectNoSecrets(error);
    } finally {
      if (saved !== undefined) process.env.NORTHFLANK_API_TOKEN = saved;
    }
  });

  it('a token that cannot be a header value is not quoted', async () => {
    const badToken = `${TOKEN}\nX-Injected: 1`;
    const error = await createClient({ token: badToken, baseUrl: server.url })
      .startJobBuild({ projectId: 'p', jobId: 'j' })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('The API token contains characters not allowed in an HTTP header.');
    expectNoSecrets(error);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the client object', () => {
  it('does not expose the token when printed', () => {
    const client = createClient({ token: TOKEN });
    expect(inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });
});

describe('scrubbing', () => {
  it('is linear: a 1 MiB text full of matches, with 20 absent secrets, takes milliseconds', () => {
    const absent = Array.from({ length: 20 }, (_, i) => `ab-absent-${i}`);
    const scrub = createScrubber(() => ['abcd', ...absent]);
    const started = performance.now();
    const out = scrub('abcd'.repeat(2 ** 18));
    expect(out).toBe(REDACTED);
    // Generous for loaded machines: the quadratic version took minutes on a tenth of this.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('redacts the whole span where two secrets overlap, and a secret touching a [redacted]', () => {
    const scrub = createScrubber(() => ['abcd1234', '1234efgh5678']);
    expect(scrub('v=abcd1234efgh5678!')).toBe(`v=${REDACTED}!`);
    expect(scrub(`x ${REDACTED}abcd1234 y`)).toBe(`x ${REDACTED} y`);
  });

  it('finds a secret in any letter case', () => {
    const scrub = createScrubber(() => ['Hunter2pw']);
    expect(scrub('got HUNTER2PW and hunter2pw')).toBe(`got ${REDACTED} and ${REDACTED}`);
  });

  it.each([
    ['four layers of percent-encoding', '%2525252568unter2pw'],
    ['a bad byte in a percent-encoded run', '%68%75%6e%74%65%72%32%70%77%FF'],
    ['HTML5 named references and no semicolon', 'hunter2pw&sol;x&AMP;y&#x2F'],
  ])('undoes %s', (_how, text) => {
    const scrub = createScrubber(() => ['hunter2pw', 'hunter2pw/x&y/']);
    expect(scrub(text)).not.toMatch(/unter2pw|68%75/);
  });

  it('reads + as a space, as form encoding does', () => {
    const scrub = createScrubber(() => ['correct horse battery']);
    expect(scrub('q=correct+horse+battery')).toBe(`q=${REDACTED}`);
  });

  it('checks a short secret against the whole of each decoded layer', () => {
    const scrub = createScrubber(() => ['abc']);
    expect(scrub('%61%62%63')).toBe(REDACTED);
  });

  it('redacts a number that parses from a secret, even when its text differs', () => {
    const scrub = createScrubber(() => ['12345678901234567890', '1.50', '0042']);
    // As a server's JSON would carry it: parsed, it keeps 17 of the 20 digits.
    const echoed = JSON.parse('{"a": 12345678901234567890, "b": 1.5, "c": 42, "d": 7}');
    expect(scrubDeep(echoed, scrub)).toEqual({
      a: REDACTED,
      b: REDACTED,
      c: REDACTED,
      d: 7,
    });
  });
  it('redacts long secrets inside text and short ones only as whole strings', () => {
    const scrub = createScrubber(() => ['abc', 'longer-secret', undefined, '']);
    expect(scrub('a longer-secret here')).toBe(`a ${REDACTED} here`);
    expect(scrub('abc')).toBe(REDACTED);
    expect(scrub('abcdef')).toBe('abcdef');
    expect(scrubDeep({ 'longer-secret': ['abc', 1, null, { x: 'longer-secret!' }] }, scrub)).toEqual({
      [REDACTED]: [REDACTED, 1, null, { x: `${REDACTED}!` }],
    });
  });

  it('finds its secrets on first use, once', () => {
    let asked = 0;
    const scrub = createScrubber(() => {
      asked += 1;
      return ['longer-secret'];
    });
    expect(asked).toBe(0);
    expect(scrub('longer-secret')).toBe(REDACTED);
    expect(scrub('x longer-secret')).toBe(`x ${REDACTED}`);
    expect(asked).toBe(1);
  });

  it('redacts the JSON-escaped forms of a secret, in either case of hex digits', () => {
    const secret = 'a/b\u00e4&<>"q';
    const scrub = createScrubber(() => [secret]);
    for (const form of [
      secret,
      JSON.stringify(secret).slice(1, -1),
      'a\\/b\\u00e4\\u0026\\u003c\\u003e\\"q',
      'a\\u002fb\\u00E4\\u0026\\u003C\\u003E\\u0022q',
      '\\u0061\\/b\\u00e4&<>\\u0022\\u0071',
    ]) {
      expect(scrub(`<${form}>`), form).toBe(`<${REDACTED}>`);
    }
  });

  it('never nests: a "[redacted]" in the text stays as it is', () => {
    for (const secret of ['redacted', 'edacted]', '[redacted]']) {
      const scrub = createScrubber(() => [secret]);
      expect(scrub(`${REDACTED} and ${secret}`)).toBe(`${REDACTED} and ${REDACTED}`);
      expect(scrub(scrub(`x ${secret} y`))).toBe(`x ${REDACTED} y`);
    }
  });
});

describe('secrets that are hard to recognise once a body is reshaped', () => {
  // A build argument with characters JSON escapes, and a build file whose contents span lines.
  const QUOTED_ARG = 'pa"ss\\word\nline-two-4e1a';
  const PEM =
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';
  const PEM_BASE64 = Buffer.from(PEM).toString('base64');
  const awkward: StartJobBuildRequest = {
    overrides: {
      buildArguments: { QUOTED: QUOTED_ARG },
      buildFiles: { '/keys/server.pem': { data: PEM_BASE64, encoding: 'utf-8' } },
    },
  };
  // The PEM's lines each count: whitespace flattening used to join them with spaces.
  const AWKWARD = [
    TOKEN,
    QUOTED_ARG,
    JSON.stringify(QUOTED_ARG).slice(1, -1),
    'line-two-4e1a',
    PEM_BASE64,
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    'BKcwggSjAgEAAoIBAQC7',
  ];

  async function fail(handler: Handler, request: StartJobBuildRequest = awkward): Promise<unknown> {
    server.handle(handler);
    const client = createClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0 });
    return client.startJobBuild({ projectId: 'p', jobId: 'j' }, request).catch((e: unknown) => e);
  }

  it('JSON that is not the envelope, echoing the body, is scrubbed before it is excerpted', async () => {
    const error = await fail((req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: JSON.parse(req.body), pem: PEM }));
    });
    expect(error).toBeInstanceOf(ApiError);
    expectNoSecrets(error, AWKWARD);
  });

  it('a text body with the decoded file contents and the raw JSON body is scrubbed', async () => {
    const error = await fail((req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`upstream said:\n${PEM}\nwhile sending ${req.body}`);
    });
    expect(error).toBeInstanceOf(ApiError);
    expectNoSecrets(error, AWKWARD);
  });

  it('a token cut by the 200-character excerpt leaves no part of it', async () => {
    const error = (await fail(text(401, `${'x'.repeat(185)} ${TOKEN} trailing text`))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    for (let i = 0; i + 6 <= TOKEN.length; i++) {
      expect(error.message).not.toContain(TOKEN.slice(i, i + 6));
    }
  });

  it('the status text and the envelope id are scrubbed', async () => {
    const error = await fail((_req, res) => {
      res.writeHead(400, `Bad token ${TOKEN}`, { 'content-type': 'text/plain' });
      res.end();
    });
    expect(error).toBeInstanceOf(ApiError);
    expectNoSecrets(error, AWKWARD);
    const withId = await fail(json(400, { error: { status: 400, message: 'no', id: TOKEN } }));
    expectNoSecrets(withId, AWKWARD);
  });

  it('response headers echoing the token are scrubbed in the error', async () => {
    const error = (await fail(
      json(400, { error: { status: 400, message: 'no' } }, { 'x-debug-auth': `Bearer ${TOKEN}` }),
    )) as ApiError;
    expectNoSecrets(error, AWKWARD);
    expect(error.headers.get('x-debug-auth')).toBe(`Bearer ${REDACTED}`);
  });

  it('details nested deeper than the scrubber goes are dropped, not kept as they are', async () => {
    let nested: unknown = { arg: QUOTED_ARG };
    for (let i = 0; i < 25; i++) nested = { nested };
    const error = (await fail(
      json(400, { error: { status: 400, message: 'no', details: nested } }),
    )) as ApiError;
    expectNoSecrets(error, AWKWARD);
    expect(JSON.stringify(error.details)).toContain('[too deep]');
  });

  it("an injected fetch's error quoting the body leaks no build argument (own and raw calls)", async () => {
    const client = createClient({
      token: TOKEN,
      maxRetries: 0,
      fetch: async (request) => {
        throw new TypeError(`upload failed for body ${await request.text()}`);
      },
    });
    const own = await client.startJobBuild({ projectId: 'p', jobId: 'j' }, awkward).catch((e: unknown) => e);
    expect(own).toBeInstanceOf(ConnectionError);
    expectNoSecrets(own, AWKWARD);
    const raw = await client.raw
      .POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
        params: { path: { projectId: 'p', jobId: 'j' } },
        body: awkward,
      })
      .catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(ConnectionError);
    expectNoSecrets(raw, AWKWARD);
  });

  describe('while waiting for the build', () => {
    /** POST starts a build; every GET of it is answered by `poll`. */
    const startThen =
      (poll: Handler): Handler =>
      (req, res, raw) =>
        req.method === 'POST' ? json(200, { data: BUILD })(req, res, raw) : poll(req, res, raw);
    const echoArg = (status: number): Handler =>
      json(status, { error: { status, message: `build has args ${QUOTED_ARG}`, details: { pem: PEM } } });

    it('an error reading the build, echoing its secrets, is scrubbed of them', async () => {
      server.handle(startThen(echoArg(409)));
      const client = createClient({ token: TOKEN, baseUrl: server.url });
      const error = await startJobBuildAndWait(client, { projectId: 'p', jobId: 'j' }, awkward, {
        pollIntervalMs: 1,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expectNoSecrets(error, AWKWARD);
    });

    it('the last failure kept by WaitTimeoutError is scrubbed too', async () => {
      server.handle(startThen(echoArg(503)));
      const client = createClient({ token: TOKEN, baseUrl: server.url });
      const error = (await startJobBuildAndWait(client, { projectId: 'p', jobId: 'j' }, awkward, {
        pollIntervalMs: 20,
        timeoutMs: 150,
      }).catch((e: unknown) => e)) as WaitTimeoutError;
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(error.cause).toBeInstanceOf(ApiError);
      expectNoSecrets(error, AWKWARD);
    });
  });
});

describe('a secret too large for one pattern', () => {
  it('holds the whole text back instead of throwing or leaking', async () => {
    const { createScrubber } = await import('../src/redaction.js');
    const secret = 'k'.repeat(200_000);
    const scrub = createScrubber(() => [secret]);
    const out = scrub(`before ${secret} after`);
    expect(out).not.toContain('kkkk');
  });
});
