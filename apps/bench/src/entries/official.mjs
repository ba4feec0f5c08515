// The same program written against Northflank's official client.
import { ApiClient, ApiClientInMemoryContextProvider } from '@northflank/js-client';

const contextProvider = new ApiClientInMemoryContextProvider();
await contextProvider.addContext({ name: 'ci', token: 'token-from-your-secret-store' });
const apiClient = new ApiClient(contextProvider, { throwErrorOnHttpErrorCode: true });
const { data } = await apiClient.start.job.build({
  parameters: { projectId: 'my-project', jobId: 'my-job' },
  data: { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' },
});
console.log(data.id, data.status);
