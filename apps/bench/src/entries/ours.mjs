// The program whose bundle size the bench measures: create a client, start one build.
import { createClient } from '@start-job-build/client';

const client = createClient({ token: 'token-from-your-secret-store' });
const build = await client.startJobBuild(
  { projectId: 'my-project', jobId: 'my-job' },
  { sha: '262ed9817b3cad5142fbceabe0c9e371e390d616' },
);
console.log(build.id, build.status);
