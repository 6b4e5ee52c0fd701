#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerChecksCommands } from './checks-command.js';
import { registerCollectCommand } from './collect-command.js';
import { registerComplianceCommand } from './compliance-command.js';
import { registerDetectCommand } from './detect-command.js';
import { registerWebhookCommands } from './webhook-command.js';
import { EXIT, UsageError } from './exit-codes.js';
import { printable } from '../report/terminal-text.js';
import { registerGraphCommand } from './graph-command.js';
import { registerHistoryCommands } from './history-command.js';
import { registerImageCommands } from './image-command.js';
import { processIo, type CliIo } from './io.js';
import { registerPathsCommand } from './paths-command.js';
import { registerRulesCommands } from './rules-command.js';
import { registerScanClusterCommand } from './scan-cluster-command.js';
import { registerScanCommands } from './scan-command.js';
import { registerScanSnapshotCommand } from './scan-snapshot-command.js';
import { registerServeCommand } from './serve-command.js';
import { VERSION } from './version.js';
import { registerWhoCanCommand } from './who-can-command.js';
import { registerFixCommand } from './fix-command.js';
import { registerNetpolCommands } from './netpol-command.js';
import { registerLeastPrivilegeCommands } from './least-privilege-command.js';
import { registerRespondCommands } from './respond-command.js';
import { registerFleetCommands } from './fleet-command.js';

/** Runs the CLI and resolves to its exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('eksguard')
    .description('Agentless security scanner for Amazon EKS: cluster posture, workloads, RBAC, network, supply chain')
    .version(VERSION, '-V, --version')
    .exitOverride()
    // A subcommand's options are its own, even when a parent command has one of the same name
    // (`detect --region` of --follow and `detect cloudtrail --region`).
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', '\nExamples:\n  eksguard scan manifests ./k8s --fail-on high\n  eksguard scan cluster --name prod --region eu-west-1\n  eksguard collect --name prod --region eu-west-1 -o prod.snapshot.json.gz\n  eksguard scan snapshot prod.snapshot.json.gz --format sarif -o out.sarif\n  eksguard paths snapshot examples/prod.snapshot.json.gz\n  eksguard graph manifests examples/shop --format dot --around Deployment/shop-frontend/storefront\n  eksguard who-can snapshot get secrets examples/prod.snapshot.json.gz -n kube-system\n  eksguard checks list\n  eksguard detect examples/audit/audit.jsonl --format text\n  eksguard rules list\n\nExit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or input error, 3 internal error.');
  const scan = registerScanCommands(program, io, setExit);
  registerScanSnapshotCommand(scan, io, setExit);
  registerScanClusterCommand(scan, io, setExit);
  registerPathsCommand(program, io, setExit);
  registerGraphCommand(program, io, setExit);
  registerWhoCanCommand(program, io, setExit);
  registerCollectCommand(program, io, setExit);
  registerComplianceCommand(program, io, setExit);
  registerChecksCommands(program, io, setExit);
  registerDetectCommand(program, io, setExit);
  registerRulesCommands(program, io, setExit);
  registerWebhookCommands(program, io, setExit);
  registerHistoryCommands(program, io, setExit);
  registerImageCommands(program, io, setExit);
  registerServeCommand(program, io, setExit);
  registerFixCommand(program, io, setExit);
  registerNetpolCommands(program, io, setExit);
  registerLeastPrivilegeCommands(program, io, setExit);
  registerRespondCommands(program, io, setExit);
  registerFleetCommands(program, io, setExit);
  try {
    await program.parseAsync(['node', 'eksguard', ...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      // The message may quote the input it is about (a file's bytes, a value): shown escaped.
      io.stderr.write(`eksguard: ${error.message.split('\n').map(printable).join('\n')}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`eksguard: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}

// Run when executed directly (bin/eksguard.js imports this module and calls runCli itself).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
