/**
 * The CI integrations as users copy them: the GitHub Action's scan step (its script, run as the
 * runner would, with inputs in the environment), the pre-commit hook's entry and file filter,
 * and the GitLab CI job's script. They run the built CLI (`bin/eksguard.js` → dist), which
 * `npm ci` builds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'eksguard.js');
const temps: string[] = [];

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eksguard-ci-'));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), 'dist/ is missing: `npm ci` (or `npm run build`) builds it').toBe(true);
});

interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  if?: string;
}

describe('GitHub Action (action.yml)', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: ActionStep[] } };

  it('is a composite action whose scripts never splice inputs or expressions into code', () => {
    expect(action.runs.using).toBe('composite');
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const referenced = [...text.matchAll(/inputs\.([a-z-]+)/g)].map((match) => match[1]);
    expect(referenced.length).toBeGreaterThan(0);
    for (const name of referenced) expect(Object.keys(action.inputs), `inputs.${name} is used but not declared`).toContain(name);
    for (const step of action.runs.steps) if (step.run) expect(step.run, `step ${step.name}`).not.toContain('${{');
    const scan = action.runs.steps.find((step) => step.id === 'scan');
    expect(Object.values(scan?.env ?? {}).sort()).toEqual(['${{ inputs.config }}', '${{ inputs.fail-on }}', '${{ inputs.paths }}', '${{ inputs.sarif-file }}']);
  });

  function runScanStep(env: Record<string, string>): { outputs: Record<string, string>; status: number | null; stdout: string } {
    const dir = temp();
    const output = join(dir, 'github-output');
    const result = spawnSync('bash', [join(ROOT, 'scripts', 'ci', 'action-scan.sh')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: output, EKSGUARD_SARIF: join(dir, 'out.sarif'), ...env },
    });
    const outputs = Object.fromEntries(
      (existsSync(output) ? readFileSync(output, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('=', 2) as [string, string]),
    );
    return { outputs, status: result.status, stdout: result.stdout };
  }

  it('scans the paths, writes SARIF and reports the exit code for the last step to act on', () => {
    const relaxed = runScanStep({ EKSGUARD_PATHS: 'examples/shop/10-frontend.yaml\nexamples/shop/20-backend.yaml', EKSGUARD_FAIL_ON: 'none' });
    expect(relaxed.status).toBe(0);
    expect(relaxed.outputs['exit-code']).toBe('0');
    const sarif = JSON.parse(readFileSync(relaxed.outputs['sarif-file']!, 'utf8')) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const files = new Set(sarif.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...files].sort()).toEqual(['examples/shop/10-frontend.yaml', 'examples/shop/20-backend.yaml']);

    const strict = runScanStep({ EKSGUARD_PATHS: 'examples/shop', EKSGUARD_FAIL_ON: 'high', EKSGUARD_CONFIG: 'examples/shop/.eksguard.yaml' });
    expect(strict.status).toBe(0);
    expect(strict.outputs['exit-code']).toBe('1');
  });

  it('treats a hostile path as a path', () => {
    const dir = temp();
    const marker = join(dir, 'pwned');
    const result = runScanStep({ EKSGUARD_PATHS: `$(touch ${marker}) ;touch ${marker}`, EKSGUARD_FAIL_ON: 'none' });
    expect(existsSync(marker)).toBe(false);
    expect(result.outputs['exit-code']).toBe('2');
    // A word that looks like an option is a path too: it cannot write a report or relax fail-on.
    const injected = join(dir, 'injected.json');
    const option = runScanStep({ EKSGUARD_PATHS: `examples/shop --output json=${injected} --fail-on=none`, EKSGUARD_FAIL_ON: 'high' });
    expect(existsSync(injected)).toBe(false);
    expect(option.outputs['exit-code']).toBe('2');
    // A newline in an input cannot write a step output of its own.
    const forged = runScanStep({ EKSGUARD_PATHS: 'examples/shop', EKSGUARD_SARIF: `${join(dir, 'x.sarif')}\nexit-code=0` });
    expect(forged.status).toBe(2);
    expect(forged.outputs['exit-code']).toBeUndefined();
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const [hook] = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; files: string; language: string }>;

  it('runs the package binary on the files it is given, and picks only manifest folders', () => {
    expect(hook?.id).toBe('eksguard');
    const [binary, ...args] = hook!.entry.split(' ');
    const bins = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
    expect(Object.keys(bins)).toContain(binary);
    const files = new RegExp(hook!.files);
    expect(['k8s/app.yaml', 'deploy/kubernetes/api.yaml', 'manifests/db.yml'].every((path) => files.test(path))).toBe(true);
    expect(['.github/workflows/ci.yml', 'docker-compose.yaml', 'k8s.yaml'].some((path) => files.test(path))).toBe(false);
    const dir = temp();
    const run = spawnSync(process.execPath, [BIN, ...args, 'examples/shop/10-frontend.yaml', 'examples/shop/30-data.yaml'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } });
    expect(run.stderr).not.toMatch(/input error|usage/i);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/critical|high/i);
  });
});

describe('GitLab CI example (examples/ci/gitlab-ci.yml)', () => {
  const job = (parse(readFileSync(join(ROOT, 'examples', 'ci', 'gitlab-ci.yml'), 'utf8')) as Record<string, { script: string[]; artifacts: { paths: string[]; reports: { junit: string } } }>).eksguard!;

  it('fails on high findings and leaves the JUnit report and SARIF its artifacts name', () => {
    const dir = temp();
    cpSync(join(ROOT, 'examples', 'shop'), join(dir, 'k8s'), { recursive: true });
    const command = job.script.find((line) => /eksguard(@\S+)? scan /.test(line))!;
    const args = command.replace(/^npx --yes eksguard@[\d.]+ /, '').split(' ');
    let status = 0;
    try {
      execFileSync(process.execPath, [BIN, ...args], { cwd: dir, stdio: 'pipe', env: { PATH: process.env.PATH ?? '', HOME: dir } });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(1);
    const junit = readFileSync(join(dir, job.artifacts.reports.junit), 'utf8');
    expect(junit).toMatch(/<testsuites[\s>]/);
    expect(junit).toMatch(/<failure/);
    for (const path of job.artifacts.paths) expect(existsSync(join(dir, path)), path).toBe(true);
  });
});
