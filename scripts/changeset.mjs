#!/usr/bin/env node
// @changesets/cli 3's bin calls module.enableCompileCache(), which Node 20 lacks (it is a
// start-up speed-up only). This runs the same CLI entry point without that call.
await import('@changesets/cli');
