#!/usr/bin/env node
// kubectl runs this as `kubectl eksguard …` when it is on PATH (see docs/commands/kubectl-plugin.md).
import { runKubectlPlugin } from '../dist/cli/kubectl-plugin.js';

// A reader that stops early (`eksguard checks list | head`) closes the pipe: stop quietly, as
// command-line tools do, instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runKubectlPlugin(process.argv.slice(2));
