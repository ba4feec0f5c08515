// Entry point for runtimes that run a script file (Node, Deno, Bun): reads the scenario
// configuration (JSON) from the first argument and prints the results as one line of JSON.
import { runScenarios } from './scenarios.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const results = await runScenarios(JSON.parse(args[0]));
console.log(JSON.stringify(results));
