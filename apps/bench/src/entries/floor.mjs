// What no client built on openapi-fetch that validates before sending can shed: the same POST
// through bare openapi-fetch, with the body first checked by the validators of the client's
// generated operation table (the `startJobBuild` entry: one validator per `oneOf` branch).
// The table comes whole, every operation's validators with it, as it does in the client.
// Our client's bundle minus this one is the client's own code (errors, retries, timeouts,
// redaction, logging, path checks, the wording of validation issues).
import createClient from 'openapi-fetch';
import { operations } from '../../../../packages/client/src/generated/operations.js';

const start = operations.find((op) => op.id === 'startJobBuild');
const body = { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' };
if (!start.validateBody.some((validate) => validate(body))) throw new Error('invalid body');
const client = createClient({
  baseUrl: 'https://api.northflank.com',
  headers: { Authorization: 'Bearer token-from-your-secret-store' },
});
const { data, error } = await client.POST(start.path, {
  params: { path: { projectId: 'my-project', jobId: 'my-job' } },
  body,
});
if (error) throw new Error('start job build failed');
console.log(data.data.id, data.data.status);
