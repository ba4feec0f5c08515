// Every operation of the contract, called through its generated method with nothing written
// for it by hand: the path parameters (and any required query parameters) take their `example`
// from the spec, the body each of the request body's examples (or none). Prism must find no
// violation, the request must go to the operation's path filled with those examples, and the
// call must resolve to the `data` of the spec's 2xx example. A newly added operation is covered
// here by the next `pnpm build`.
import { createClient } from '@start-job-build/client';
import { describe, expect, it } from 'vitest';
import { deref, type Exchange, prismUrl, recordingFetch, spec, TOKEN } from './support.js';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is read generically.
type Json = any;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A parameter's example, or a failure naming what the spec lacks. */
function exampleOf(parameter: Json, operationId: string): unknown {
  const value =
    parameter.example ??
    (Object.values<Json>(parameter.examples ?? {}).map(deref)[0]?.value as unknown) ??
    parameter.schema?.examples?.[0];
  if (value === undefined) {
    throw new Error(`${operationId}: parameter \`${parameter.name}\` has no example in the spec`);
  }
  return value;
}

interface Call {
  operationId: string;
  method: string;
  /** The path as the request must carry it: the template filled with the examples, encoded. */
  url: string;
  search: string;
  params: Record<string, unknown>;
  example: string;
  body: unknown;
  /** The `data` of the spec's first example of the first 2xx response, if it has one. */
  data: { value: unknown } | undefined;
}

/** One call per request example of every operation in the bundled spec. */
function callsFromSpec(): Call[] {
  return Object.entries<Json>(spec.paths).flatMap(([path, pathItem]) =>
    METHODS.filter((method) => pathItem[method]).flatMap((method): Call[] => {
      const operation = pathItem[method];
      const operationId: string = operation.operationId;
      const byKey = new Map<string, Json>();
      for (const parameter of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(deref)) {
        byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const sent = [...byKey.values()].filter((p) => p.in === 'path' || (p.in === 'query' && p.required));
      const params = Object.fromEntries(sent.map((p) => [p.name, exampleOf(p, operationId)]));
      const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
      const query = new URLSearchParams(
        sent.filter((p) => p.in === 'query').map((p) => [p.name, String(params[p.name])]),
      ).toString();

      const success = Object.keys(operation.responses)
        .filter((status) => /^2\d\d$/.test(status))
        .sort()[0];
      const response = success === undefined ? undefined : deref(operation.responses[success]);
      const responseExample = Object.values<Json>(
        response?.content?.['application/json']?.examples ?? {},
      ).map(deref)[0];
      const data =
        responseExample?.value && 'data' in responseExample.value
          ? { value: responseExample.value.data }
          : undefined;

      const base = {
        operationId,
        method: method.toUpperCase(),
        url,
        search: query ? `?${query}` : '',
        params,
      };
      const requestBody = deref(operation.requestBody);
      const media = requestBody?.content?.['application/json'];
      const bodies: [string, unknown][] = Object.entries<Json>(media?.examples ?? {}).map(
        ([name, example]) => [name, deref(example).value],
      );
      if (media?.example !== undefined && bodies.length === 0) bodies.push(['example', media.example]);
      if (requestBody?.required && bodies.length === 0) {
        throw new Error(`${operationId}: the required request body has no example in the spec`);
      }
      const calls = bodies.map(([example, body]) => ({ ...base, example, body, data }));
      // A body the operation does not require may be left out: that call is made too.
      if (!requestBody?.required) {
        calls.push({ ...base, example: 'no body', body: undefined, data });
      }
      return calls;
    }),
  );
}

const calls = callsFromSpec();
const operationIds = [...new Set(calls.map((c) => c.operationId))];

describe('every operation of the spec', () => {
  it('has a method on the client, and the client has no method the spec lacks', () => {
    // Read from the spec, not listed here: the start operation is one of them.
    expect(operationIds).toContain('startJobBuild');
    const client = createClient({ token: TOKEN, baseUrl: prismUrl() });
    const methods = Object.keys(client).filter(
      (key) => typeof (client as unknown as Record<string, unknown>)[key] === 'function',
    );
    expect(methods.sort()).toEqual([...operationIds].sort());
  });

  it.each(calls.map((call) => [`${call.operationId} (${call.example})`, call] as const))(
    '%s: Prism finds no violation and the call resolves to the example',
    async (_, call) => {
      const recorder = recordingFetch();
      const client = createClient({
        token: TOKEN,
        baseUrl: prismUrl(),
        fetch: recorder.fetch,
        maxRetries: 0,
      });
      const method = (client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
        call.operationId
      ];
      expect(method, `client.${call.operationId}`).toBeTypeOf('function');

      const result = await (call.body === undefined
        ? method?.(call.params)
        : method?.(call.params, call.body)
      )?.catch((error: unknown) => {
        const exchange = recorder.exchanges[0];
        throw new Error(
          `client.${call.operationId} failed against the mock: ${String(error)}` +
            (exchange
              ? `\n${exchange.method} ${exchange.url} -> ${exchange.status}, violations: ${exchange.violations}`
              : ''),
        );
      });

      expect(recorder.exchanges).toHaveLength(1);
      const [exchange] = recorder.exchanges as [Exchange];
      expect(exchange.violations).toBeNull();
      expect(exchange.status).toBeGreaterThanOrEqual(200);
      expect(exchange.status).toBeLessThan(300);
      expect(exchange.method).toBe(call.method);
      const url = new URL(exchange.url);
      expect(url.pathname).toBe(call.url);
      expect(url.search).toBe(call.search);
      expect(exchange.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      if (call.body === undefined) expect(exchange.body).toBe('');
      else expect(JSON.parse(exchange.body)).toEqual(call.body);
      if (call.data) expect(result).toEqual(call.data.value);
    },
  );
});
