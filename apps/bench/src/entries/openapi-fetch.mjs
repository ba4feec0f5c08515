// The same program written against bare openapi-fetch: no validation, retries or error types.
import createClient from 'openapi-fetch';

const client = createClient({
  baseUrl: 'https://api.northflank.com',
  headers: { Authorization: 'Bearer token-from-your-secret-store' },
});
const { data, error } = await client.POST('/v1/projects/{projectId}/jobs/{jobId}/build', {
  params: { path: { projectId: 'my-project', jobId: 'my-job' } },
  body: { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' },
});
if (error) throw new Error('start job build failed');
console.log(data.data.id, data.data.status);
