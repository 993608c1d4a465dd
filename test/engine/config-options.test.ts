// Rule options in the config file: checked against the rule's schema when the config loads, with
// an error that names the file, the line and column, and the option; ajv is the oracle that the
// schemas are JSON Schema and that our small checker agrees with it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/engine/config.js';
import { defineRule, NO_OPTIONS, optionProblem, type ObjectSchema } from '../../src/engine/rule.js';
import { InputError } from '../../src/errors.js';
import { rulesById } from '../../rules/index.js';

function configFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'routelint-config-')), name);
  writeFileSync(path, text);
  return path;
}

function optionsOf(path: string, id: string): unknown {
  return loadConfig(path, rulesById).settings.get(id)?.options;
}

function errorOf(path: string): string {
  try {
    loadConfig(path, rulesById);
  } catch (err) {
    if (err instanceof InputError) return err.message.replace(path, 'CONFIG');
    throw err;
  }
  throw new Error('the config loaded');
}

describe('rule options in the config', () => {
  const valid: [string, string, unknown][] = [
    ['no options: the defaults', '{"rules":{"overlapping-networks":"error"}}', { allowNestedIn: [] }],
    ['an empty object: the defaults', '{"rules":{"overlapping-networks":["error",{}]}}', { allowNestedIn: [] }],
    ['a severity alone in a list', '{"rules":{"overlapping-networks":["warn"]}}', { allowNestedIn: [] }],
    ['a list of network_ids', '{"rules":{"overlapping-networks":["warn",{"allowNestedIn":["corp","office-berlin"]}]}}', { allowNestedIn: ['corp', 'office-berlin'] }],
    ['every network_id', '{"rules":{"overlapping-networks":["warn",{"allowNestedIn":["*"]}]}}', { allowNestedIn: ['*'] }],
    ['an empty object for a rule without options', '{"rules":{"metric-range":["warn",{}]}}', {}],
  ];
  for (const [name, text, options] of valid) {
    it(`valid: ${name}`, () => {
      const id = name.includes('without options') ? 'metric-range' : 'overlapping-networks';
      expect(optionsOf(configFile('routelint.config.json', text), id)).toEqual(options);
    });
  }

  it('valid: YAML', () => {
    const path = configFile('routelint.config.yaml', 'rules:\n  overlapping-networks:\n    - warn\n    - allowNestedIn: [corp]\n');
    expect(optionsOf(path, 'overlapping-networks')).toEqual({ allowNestedIn: ['corp'] });
  });

  const invalid: [string, string, string][] = [
    ['not a list', '{"rules":{"overlapping-networks":["warn",{"allowNestedIn":"corp"}]}}', 'CONFIG:1:59: rules.overlapping-networks[1].allowNestedIn: expected a list, got "corp"'],
    ['an entry that is not a string', '{"rules":{"overlapping-networks":["warn",{"allowNestedIn":["corp",7]}]}}', 'CONFIG:1:67: rules.overlapping-networks[1].allowNestedIn[1]: expected a string, got 7'],
    ['an empty network_id', '{"rules":{"overlapping-networks":["warn",{"allowNestedIn":[""]}]}}', 'CONFIG:1:60: rules.overlapping-networks[1].allowNestedIn[0]: expected a non-empty string, got ""'],
    ['a network_id twice', '{"rules":{"overlapping-networks":["warn",{"allowNestedIn":["a","a"]}]}}', 'CONFIG:1:64: rules.overlapping-networks[1].allowNestedIn[1]: "a" is listed twice'],
    ['an unknown option', '{"rules":{"overlapping-networks":["warn",{"allowNested":true}]}}', 'CONFIG:1:57: rules.overlapping-networks[1].allowNested: unknown option (did you mean "allowNestedIn"?); known: allowNestedIn'],
    ['options that are not an object', '{"rules":{"overlapping-networks":["warn",["corp"]]}}', 'CONFIG:1:42: rules.overlapping-networks[1]: expected an object, got ["corp"]'],
    ['options for a rule that takes none', '{"rules":{"metric-range":["warn",{"max":10}]}}', 'CONFIG:1:41: rules.metric-range[1].max: unknown option: this rule takes no options'],
    ['a list of three', '{"rules":{"overlapping-networks":["warn",{},{}]}}', 'CONFIG:1:34: rules.overlapping-networks: expected a severity or [severity, options]'],
    ['an empty list', '{"rules":{"overlapping-networks":[]}}', 'CONFIG:1:34: rules.overlapping-networks: expected a severity or [severity, options]'],
  ];
  for (const [name, text, message] of invalid) {
    it(`invalid: ${name}`, () => {
      expect(errorOf(configFile('routelint.config.json', text))).toBe(message);
    });
  }

  it('invalid: YAML, with the line of the bad value', () => {
    const path = configFile('routelint.config.yaml', 'rules:\n  overlapping-networks:\n    - warn\n    - allowNestedIn: corp\n');
    expect(errorOf(path)).toBe('CONFIG:4:22: rules.overlapping-networks[1].allowNestedIn: expected a list, got "corp"');
  });
});

describe('rule option schemas', () => {
  const ajv = new Ajv({ strict: true });

  for (const [id, rule] of rulesById) {
    it(`${id}: the schema is JSON Schema and its defaults satisfy it`, () => {
      const validate = ajv.compile(rule.schema);
      expect(validate(rule.defaultOptions), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  const schemas: [string, ObjectSchema][] = [
    ['no options', NO_OPTIONS],
    ['overlapping-networks', rulesById.get('overlapping-networks')!.schema],
    [
      'every kind of option',
      {
        type: 'object',
        properties: {
          flag: { type: 'boolean' },
          count: { type: 'integer', minimum: 1, maximum: 10 },
          any: { type: 'integer' },
          name: { type: 'string', minLength: 2 },
          names: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
  ];
  const values: unknown[] = [
    {}, null, [], 'x', 3, { flag: true }, { flag: 'true' }, { count: 1 }, { count: 10 }, { count: 0 }, { count: 11 }, { count: 2.5 }, { count: '3' },
    { any: -7 }, { any: 1e21 }, { name: 'ab' }, { name: 'a' }, { name: 7 }, { names: [] }, { names: ['a', 'a'] }, { names: ['a', 1] }, { names: 'a' },
    { allowNestedIn: [] }, { allowNestedIn: ['*'] }, { allowNestedIn: ['a', 'a'] }, { allowNestedIn: [''] }, { allowNestedIn: [null] }, { other: 1 }, { flag: true, other: 1 },
  ];
  for (const [name, schema] of schemas) {
    it(`${name}: agrees with ajv on every value`, () => {
      const validate = ajv.compile(schema);
      const ours = values.map((v) => optionProblem(schema, v) === null);
      expect(ours).toEqual(values.map((v) => validate(v)));
    });
  }
});

describe('defineRule with options', () => {
  const base = { id: 'some-rule', type: 'problem', description: 'd', severity: 'warn', messages: { m: 'm' }, explanations: { m: 'why' }, check: () => {} } as const;
  it('needs a schema and defaults together', () => {
    expect(() => defineRule({ ...base, defaultOptions: { n: 1 } })).toThrow(/both a schema and defaults/);
  });
  it('rejects defaults that break the schema', () => {
    expect(() => defineRule({ ...base, schema: { type: 'object', properties: { n: { type: 'integer', maximum: 3 } }, additionalProperties: false }, defaultOptions: { n: 5 } })).toThrow(/default option n: expected an integer in …\.\.3, got 5/);
  });
  it('needs an explanation for every message', () => {
    expect(() => defineRule({ ...base, explanations: { m: '' } })).toThrow(/message m has no explanation/);
  });
  it('a rule without options has the empty schema and {} as defaults', () => {
    const rule = defineRule(base);
    expect([rule.schema, rule.defaultOptions]).toEqual([NO_OPTIONS, {}]);
  });
});
