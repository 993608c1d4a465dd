// Every lint format from one set of results: a file with an error and a warning (one about a
// Terraform resource), a clean file, a file that does not parse, a suppressed finding, a skipped
// rule and a stale baseline entry. Each output is parsed back and checked by its fields.
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { LintResult, SuppressedMessage } from '../../src/engine/lint.js';
import { LINT_FORMATS, loadFormatter } from '../../src/format/index.js';
import { formatGithub } from '../../src/format/github.js';
import { formatJson, formatJsonParts } from '../../src/format/json.js';
import { formatJunit } from '../../src/format/junit.js';
import { formatSarif } from '../../src/format/sarif.js';
import { formatStylish } from '../../src/format/stylish.js';
import { finding, parseFailure, resultOf } from '../support/results.js';
import { sarifValidator } from '../support/sarif.js';

const context = { rules, toolVersion: '9.9.9' };

const error = finding({ line: 4, column: 7, routeId: 'r1', path: 'routes[0].peer', relatedRouteIds: ['r2'] });
const warning = finding({ ruleId: 'unknown-group', messageId: 'unknownGroup', severity: 1, line: 12, column: 3, routeId: 'r2', message: 'group, with: 100% odd\ncharacters \u0007', resourceAddress: 'netbird_route.office' });
const suppressed: SuppressedMessage = { ...finding({ routeId: 'r3', line: 20 }), suppressions: [{ kind: 'config', justification: 'known and accepted' }] };

const results: LintResult[] = [
  resultOf('exports/a.json', [error, warning], {
    suppressedMessages: [suppressed],
    skippedRules: [{ ruleId: 'route-without-policy', missing: ['policies'] }],
    staleBaselineEntries: [{ ruleId: 'metric-range', routeId: 'r9', message: 'gone', fingerprint: '0'.repeat(32) }],
  }),
  resultOf('exports/clean.json', []),
  resultOf('exports/broken.json', [parseFailure({ line: 3, column: 7 })]),
];

describe('json', () => {
  const text = formatJson(results, context);

  it('is the results, on one line', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().includes('\n')).toBe(false);
    expect(JSON.parse(text)).toEqual(results);
  });

  it('is written in parts whose text is JSON.stringify of the results, byte for byte', () => {
    // Long message lists (written 64 at a time), non-ASCII text, members left undefined.
    const message = fc.record({ line: fc.nat(), message: fc.string({ unit: 'binary' }), routeId: fc.option(fc.string(), { nil: undefined }), data: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())) });
    const result = fc.record({ filePath: fc.string({ unit: 'grapheme' }), messages: fc.array(message, { maxLength: 300 }), skippedRules: fc.array(fc.string()), findingsLeftOut: fc.option(fc.nat(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(result, { maxLength: 3 }), (rs) => {
        const parts = [...formatJsonParts(rs as unknown as LintResult[])];
        expect(parts.join('')).toBe(`${JSON.stringify(rs)}\n`);
      }),
      { numRuns: 200 },
    );
  });

  it('writes a long message list in parts, not one string', () => {
    const many = resultOf('exports/big.json', Array.from({ length: 1000 }, (_, i) => finding({ line: i + 1, routeId: `r${i}` })));
    const parts = [...formatJsonParts([many])];
    expect(parts.length).toBeGreaterThan(1000 / 64);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(JSON.stringify(many).length / 10);
  });
});

describe('sarif', () => {
  interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } }; logicalLocations?: { fullyQualifiedName: string }[] }[];
    properties?: { routeId?: string; relatedRouteIds?: string[]; relatedRoutesTotal?: number; path?: string };
    suppressions?: { kind: string; justification: string }[];
  }
  interface SarifLog {
    version: string;
    runs: { tool: { driver: { name: string; version: string; rules: { id: string }[] } }; results: SarifResult[] }[];
  }
  const log = JSON.parse(formatSarif(results, context)) as SarifLog;
  const run = log.runs[0]!;

  it('is valid SARIF 2.1.0', () => {
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.version).toBe('2.1.0');
    expect([run.tool.driver.name, run.tool.driver.version]).toEqual(['routelint', '9.9.9']);
  });

  it('describes every rule, and parse-error when a file does not parse', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...rules.map((r) => r.meta.id), 'parse-error']);
    expect(JSON.parse(formatSarif([results[0]!], context)).runs[0].tool.driver.rules).toHaveLength(rules.length);
  });

  it('has one result per finding, suppressed ones included, each pointing at its rule', () => {
    expect(run.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.region.startLine, r.locations[0]!.physicalLocation.region.startColumn])).toEqual([
      ['unknown-peer', 'error', 4, 7],
      ['unknown-group', 'warning', 12, 3],
      ['unknown-peer', 'error', 20, 1],
      ['parse-error', 'error', 3, 7],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('locates files relative to the checkout, and names the Terraform resource', () => {
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'exports/a.json', uriBaseId: '%SRCROOT%' });
    expect(run.results[1]!.locations[0]!.logicalLocations).toEqual([{ fullyQualifiedName: 'netbird_route.office', kind: 'resource' }]);
  });

  it('carries route ids and paths as properties, and suppressions with their justification', () => {
    expect(run.results[0]!.properties).toEqual({ routeId: 'r1', relatedRouteIds: ['r2'], path: 'routes[0].peer' });
    expect(run.results[2]!.suppressions).toEqual([{ kind: 'external', justification: 'known and accepted' }]);
    expect(run.results[3]!.properties).toBeUndefined();
  });

  it('counts the related routes past the ones a finding lists', () => {
    const cut = finding({ relatedRouteIds: ['r2', 'r3'], relatedRoutesTotal: 150 });
    const one = (JSON.parse(formatSarif([resultOf('exports/a.json', [cut])], context)) as SarifLog).runs[0]!.results[0]!;
    expect(one.properties).toEqual({ routeId: 'r1', relatedRouteIds: ['r2', 'r3'], relatedRoutesTotal: 150 });
  });
});

describe('github', () => {
  const lines = formatGithub(results, context).trimEnd().split('\n');
  // `::level file=…,line=…,col=…,title=…::message`, with GitHub's escapes undone.
  const unescape = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const parsed = lines.map((line): Record<string, string | undefined> & { message: string } => {
    const m = /^::(error|warning) ([^:]*)::(.*)$/.exec(line)!;
    const props = Object.fromEntries(m[2]!.split(',').map((p) => p.split('=') as [string, string]).map(([k, v]) => [k, unescape(v)]));
    return { level: m[1], ...props, message: unescape(m[3]!) };
  });

  it('writes one annotation per active finding, none for suppressed ones', () => {
    expect(parsed.map((a) => [a.level, a.file, a.line, a.col, a.title])).toEqual([
      ['error', 'exports/a.json', '4', '7', 'routelint unknown-peer'],
      ['warning', 'exports/a.json', '12', '3', 'routelint unknown-group'],
      ['error', 'exports/broken.json', '3', '7', 'routelint parse-error'],
    ]);
  });

  it('keeps each annotation on one line, the message intact once unescaped, the resource named', () => {
    expect(parsed[1]!.message.startsWith('group, with: 100% odd')).toBe(true);
    expect(parsed[1]!.message).toContain('netbird_route.office');
  });

  it('shows control characters from the export as visible escapes: only our own line breaks reach the log', () => {
    expect(parsed[1]!.message.startsWith('group, with: 100% odd\\ncharacters \\x07')).toBe(true);
    for (const a of parsed) expect(a.message.replace(/\n\n/, ' ')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('writes nothing for clean results', () => {
    expect(formatGithub([resultOf('exports/clean.json', [])], context)).toBe('');
  });
});

describe('junit', () => {
  interface Case {
    classname: string;
    name: string;
    failure?: { type: string; message: string; '#text': string };
  }
  interface Suite {
    name: string;
    tests: string;
    failures: string;
    testcase: Case | Case[];
  }
  const xml = formatJunit(results, context);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', trimValues: false }).parse(xml) as { testsuites: { name: string; tests: string; failures: string; testsuite: Suite[] } };
  const suites = doc.testsuites.testsuite;
  const cases = (s: Suite): Case[] => (Array.isArray(s.testcase) ? s.testcase : [s.testcase]);

  it('is well-formed XML, control characters and all', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u0007');
  });

  it('has a suite per file and a failing case per finding; a clean file has one passing case', () => {
    expect([doc.testsuites.name, doc.testsuites.tests, doc.testsuites.failures]).toEqual(['routelint', '4', '3']);
    expect(suites.map((s) => [s.name, s.tests, s.failures, cases(s).length])).toEqual([
      ['exports/a.json', '2', '2', 2],
      ['exports/clean.json', '1', '0', 1],
      ['exports/broken.json', '1', '1', 1],
    ]);
    expect(cases(suites[1]!)[0]!.failure).toBeUndefined();
  });

  it('types each failure by severity and names rule, place and route', () => {
    const [e, w] = cases(suites[0]!);
    expect([e!.failure!.type, w!.failure!.type]).toEqual(['error', 'warning']);
    expect(e!.name.split(' ')).toEqual(['unknown-peer', 'exports/a.json:4:7', 'route', 'r1']);
    expect(cases(suites[2]!)[0]!.name.split(' ')[0]).toBe('parse-error');
    expect(w!.failure!.message).toContain('netbird_route.office');
  });
});

describe('stylish', () => {
  // Colours (chalk, on a terminal) aside, the fields are what matter here.
  const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007]*\u0007/g, '');
  const text = plain(formatStylish(results, context));

  it('names every file with findings, every rule and every position', () => {
    for (const file of ['exports/a.json', 'exports/broken.json']) expect(text).toContain(file);
    for (const rule of ['unknown-peer', 'unknown-group']) expect(text).toContain(rule);
    for (const [line, column] of [[4, 7], [12, 3], [3, 7]]) expect(text).toMatch(new RegExp(`\\b${line}:${column}\\b`));
  });

  it('lists skipped rules and stale baseline entries after the findings', () => {
    const skipped = text.indexOf('route-without-policy');
    const stale = text.indexOf('metric-range');
    expect(skipped).toBeGreaterThan(text.indexOf('unknown-group'));
    expect(stale).toBeGreaterThan(skipped);
    expect(text).toContain('(route r9)');
  });

  it('writes nothing for clean results', () => {
    expect(formatStylish([resultOf('exports/clean.json', [])], context)).toBe('');
  });
});

describe('loadFormatter', () => {
  it.each(LINT_FORMATS)('loads %s, the same function as its module exports', async (name) => {
    const byName = { stylish: formatStylish, json: formatJsonParts, sarif: formatSarif, github: formatGithub, junit: formatJunit };
    expect(await loadFormatter(name)).toBe(byName[name]);
  });
});
