// SARIF 2.1.0's own JSON schema (draft-04, shipped with @microsoft/jest-sarif), compiled once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction } from 'ajv-draft-04';
import { ROOT } from './build.js';

// ajv-draft-04 is CommonJS: under NodeNext its default import types as the module, whose `default` is the class.
const Ajv = AjvModule.default;

export const SARIF_SCHEMA_PATH = join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

let compiled: ValidateFunction | undefined;

export function sarifValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object;
    // Formats (uri, date-time) need ajv-formats; without it Ajv would only warn about each of them.
    compiled = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(schema);
  }
  return compiled;
}
