/** Runs the eksguard CLI from source in a bench child process (`serve` for the dashboard bench). */
import { runCli } from '../src/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
