// What no client built on openapi-fetch that validates before sending can shed: the same POST
// through bare openapi-fetch, with the body first checked by the client's generated validators.
// Our client's bundle minus this one is the client's own code (errors, retries, timeouts,
// redaction, logging, path checks, the wording of validation issues).
import createClient from 'openapi-fetch';
import {
  validateCurrentSettings,
  validateWithOverrides,
} from '../../../../packages/client/src/generated/request-validators.js';

const body = { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' };
const validate = body.overrides === undefined ? validateCurrentSettings : validateWithOverrides;
if (!validate(body)) throw new Error(`invalid body: ${JSON.stringify(validate.errors)}`);
const client = createClient({
  baseUrl: 'https://api.northflank.com',
  headers: { Authorization: 'Bearer token-from-your-secret-store' },
});
const { data, error } = await client.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
  params: { path: { projectId: 'my-project', jobId: 'my-job' } },
  body,
});
if (error) throw new Error('start job build failed');
console.log(data.data.id, data.data.status);
