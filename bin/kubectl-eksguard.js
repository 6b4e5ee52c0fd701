#!/usr/bin/env node
// kubectl runs this as `kubectl eksguard …` when it is on PATH (see docs/commands/kubectl-plugin.md).
import './closed-pipe.js';
import { runKubectlPlugin } from '../dist/cli/kubectl-plugin.js';

process.exitCode = await runKubectlPlugin(process.argv.slice(2));
