import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

/** Validator for docs/schemas/scan-result.schema.json, in strict mode so a sloppy schema fails too. */
export function scanResultValidator(): ValidateFunction {
  const path = fileURLToPath(new URL('../../../docs/schemas/scan-result.schema.json', import.meta.url));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
}

/** Validator for docs/schemas/image-scan.schema.json (`eksguard image scan --format json`). */
export function imageScanValidator(): ValidateFunction {
  const path = fileURLToPath(new URL('../../../docs/schemas/image-scan.schema.json', import.meta.url));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
}

/** Validator for docs/schemas/alert.schema.json (alerts of `eksguard detect`). */
export function alertValidator(): ValidateFunction {
  const path = fileURLToPath(new URL('../../../docs/schemas/alert.schema.json', import.meta.url));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
}

/** Validator for docs/schemas/asff-subset.schema.json (the ASFF fields `--format asff` writes). */
export function asffValidator(): ValidateFunction {
  const path = fileURLToPath(new URL('../../../docs/schemas/asff-subset.schema.json', import.meta.url));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
}

/** Validator for docs/schemas/attack-paths.schema.json, which borrows its shapes from the scan schema. */
export function attackPathsValidator(): ValidateFunction {
  const read = (name: string): unknown =>
    JSON.parse(readFileSync(fileURLToPath(new URL(`../../../docs/schemas/${name}`, import.meta.url)), 'utf8'));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(read('scan-result.schema.json') as object);
  return ajv.compile(read('attack-paths.schema.json') as object);
}

/**
 * Validator for the OASIS SARIF 2.1.0 schema that @microsoft/jest-sarif ships. It is a draft-04
 * document: its top-level `id` is draft-04's `$id`, the only draft-04 construct it uses; one
 * pattern is not valid in Unicode mode, and some `required` lists name properties declared only
 * in sibling branches, which Ajv's strict mode would refuse.
 */
export function sarifValidator(): ValidateFunction {
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete schema.id;
  delete schema.$schema;
  const ajv = new Ajv({ strict: true, strictRequired: false, unicodeRegExp: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

export function errorsOf(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}
