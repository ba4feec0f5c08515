// Entry point for workerd (Cloudflare Workers): a module worker that runs the scenarios with
// the configuration POSTed to it and answers with the results as JSON.
import { runScenarios } from './scenarios.mjs';

export default {
  async fetch(request) {
    return Response.json(await runScenarios(await request.json()));
  },
};
