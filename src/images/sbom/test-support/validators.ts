/**
 * Schema validators for the tests. CycloneDX: the JSON schemas the library ships (bom-1.6 and the
 * SPDX-id, JSF and cryptography schemas it references), compiled with ajv as the library's own
 * validator does — that one also needs `ajv-formats-draft2019`, which is not installed, for the
 * `idn-email` format, so it is registered here (eksguard never writes e-mail addresses). SPDX:
 * the official SPDX 2.3 JSON schema (spdx/spdx-spec, schemas/spdx-schema-2-3.json), copied
 * verbatim into spdx-2.3-schema.json.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const CDX_SCHEMAS = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

export type Validate = (json: string) => ErrorObject[] | null;

function compile(ajv: Ajv, schema: Record<string, unknown>): Validate {
  const validate = ajv.compile(schema);
  return (json) => (validate(JSON.parse(json)) ? null : (validate.errors ?? []));
}

export function cycloneDx16Validator(): Validate {
  const referenced = ['spdx', 'cryptography-defs', 'jsf-0.82'];
  const ajv = new Ajv({
    strict: false,
    addUsedSchema: false,
    schemas: Object.fromEntries(
      referenced.map((name) => [`http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json`, readJson(join(CDX_SCHEMAS, `${name}.SNAPSHOT.schema.json`))]),
    ),
  });
  addFormats.default(ajv);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  // What the library does too: ajv has no IRI grammar, and the library escapes IRIs it writes.
  ajv.addFormat('iri-reference', true);
  return compile(ajv, readJson(join(CDX_SCHEMAS, 'bom-1.6.SNAPSHOT.schema.json')));
}

export function spdx23Validator(): Validate {
  const ajv = new Ajv({ strict: false });
  return compile(ajv, readJson(fileURLToPath(new URL('./spdx-2.3-schema.json', import.meta.url))));
}
