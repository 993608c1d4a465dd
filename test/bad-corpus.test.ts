// Every malformed input gets a clear answer: a finding at the right place or a one-line error,
// the documented exit code, no stack trace, in bounded time.
import { chmodSync, closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, ROOT, runCli, tempDir, type RunResult } from './cli/run.js';

interface Expected {
  exit: 0 | 1 | 2;
  /** [line, column] of the parse error, or true where only its presence is certain. */
  fatal?: [number, number] | true;
  /** A pattern the fatal finding's message matches. */
  fatalMessage?: string;
  findings?: string[];
  stderr?: string;
  /** The command line, when it is not `lint FILE --format json`; FILE stands for the input. */
  args?: string[];
  /**
   * Text output (stylish, test, simulate): no control character but the line ends, no line a CI
   * runner takes for a `::workflow-command::`, these visible escapes shown, at most maxBytes.
   */
  text?: { shows?: string[]; maxBytes?: number };
  /** `simulate --batch`: the input lines answered with an error (the others with answers). */
  batchErrors?: number[];
}

const CORPUS = join(ROOT, 'fixtures', 'bad');
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Expected>;
delete (expected as Record<string, unknown>).$comment;

interface Result {
  messages: { ruleId: string | null; fatal?: boolean; line: number; column: number; message: string }[];
}

function check(r: RunResult, want: Expected): void {
  expect(r.status).toBe(want.exit);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (want.exit === 2) {
    expect(expectOneLineError(r)).toMatch(new RegExp(want.stderr ?? '.'));
    return;
  }
  expect(r.stderr).toBe('');
  if (want.text) return checkText(r.stdout, want.text);
  if (want.batchErrors) {
    const answers = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { error?: string; line?: number });
    expect(answers.filter((a) => a.error !== undefined).map((a) => a.line)).toEqual(want.batchErrors);
    return;
  }
  const messages = (JSON.parse(r.stdout) as Result[]).flatMap((x) => x.messages);
  if (want.fatal === true) expect(messages.filter((m) => m.fatal)).toHaveLength(1);
  else if (want.fatal) expect(messages.filter((m) => m.fatal).map((m) => [m.line, m.column])).toEqual([want.fatal]);
  else expect(messages.filter((m) => m.fatal)).toEqual([]);
  if (want.fatalMessage) expect(messages.find((m) => m.fatal)?.message).toMatch(new RegExp(want.fatalMessage));
  const found = messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`);
  for (const f of want.findings ?? []) expect(found).toContain(f);
}

function checkText(stdout: string, want: NonNullable<Expected['text']>): void {
  expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  for (const line of stdout.split('\n')) expect(line).not.toMatch(/^\s*::/);
  for (const shown of want.shows ?? []) expect(stdout).toContain(shown);
  if (want.maxBytes !== undefined) expect(Buffer.byteLength(stdout)).toBeLessThanOrEqual(want.maxBytes);
}

describe('the bad-input corpus', () => {
  it('has an expectation for every file and at least 40 inputs', () => {
    const files = readdirSync(CORPUS).filter((f) => f !== 'expected.json').sort();
    expect(Object.keys(expected).sort()).toEqual(files);
    expect(files.length + GENERATED.length).toBeGreaterThanOrEqual(40);
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`${file} → exit ${want.exit}`, () => {
      const input = join('fixtures', 'bad', file);
      const before = statSync(join(ROOT, input)).isFile() ? readFileSync(join(ROOT, input)) : null;
      check(runCli(want.args ? want.args.map((a) => (a === 'FILE' ? input : a)) : ['lint', input, '--format', 'json']), want);
      // Whatever the command line asks (`-o FILE` included), the input is never written to.
      if (before) expect(readFileSync(join(ROOT, input))).toEqual(before);
    });
  }
});

/** `make` returns the path to lint, or several: the others must still be linted. */
type Generated = [name: string, make: (dir: string) => string | string[], want: Expected, skip?: boolean];
/** Another export linted in the same run, with a finding of its own. */
const OTHER = ['fixtures/bad/type-metric-string.json'];
const OTHER_FINDING = 'invalid-field-type@12:15';
const isRoot = process.getuid?.() === 0;
const GENERATED: Generated[] = [
  ['100,000 nested arrays', (d) => write(d, 'deep.json', `[${'['.repeat(100000)}${']'.repeat(100000)}]`), { exit: 1, findings: ['invalid-field-type@1:2'] }],
  ['100,000 unclosed arrays', (d) => write(d, 'deep-open.json', `[${'['.repeat(100000)}`), { exit: 1, fatal: [1, 1] }],
  ['100,000 nested YAML flow sequences', (d) => write(d, 'deep.yaml', `routes: ${'['.repeat(100000)}${']'.repeat(100000)}\n`), { exit: 1, fatal: true }],
  ['a 50 MB string', (d) => write(d, 'big-string.json', `[{"id":"r1","description":"${'x'.repeat(50 * 1024 * 1024)}","metric":0}]`), { exit: 1, findings: ['metric-range@1:52428839'] }],
  ['a Terraform plan whose after_unknown nests 100,000 deep, and another export', (d) => [write(d, 'plan.json', deepAfterUnknown(100000)), ...OTHER], { exit: 1, fatal: true, fatalMessage: 'nested deeper than 1000 levels \\(at resource_changes\\[\\d+\\]\\.change\\.after_unknown\\.groups', findings: [OTHER_FINDING] }],
  ['a 600 MB file (more text than Node holds), and another export', (d) => [sparse(d, 'huge.json', 600 * 1024 * 1024), ...OTHER], { exit: 1, fatal: [1, 1], fatalMessage: 'the file is 629145600 bytes, more than 536870888, the longest text Node can hold', findings: [OTHER_FINDING] }],
  ['a FIFO', (d) => (execFileSync('mkfifo', [join(d, 'fifo.json')]), join(d, 'fifo.json')), { exit: 2, stderr: 'not a regular file' }],
  ['a symlink loop', (d) => (symlinkSync(join(d, 'b.json'), join(d, 'a.json')), symlinkSync(join(d, 'a.json'), join(d, 'b.json')), join(d, 'a.json')), { exit: 2, stderr: 'too many levels of symbolic links' }],
  ['an unreadable file', (d) => { const p = write(d, 'secret.json', '[]'); chmodSync(p, 0o000); return p; }, { exit: 2, stderr: 'permission denied' }, isRoot],
  ['a directory whose routes.json is a directory', (d) => (mkdirSync(join(d, 'routes.json'), { recursive: true }), d), { exit: 2, stderr: 'is a directory' }],
  ['a 5 MB network_id, in stylish', (d) => write(d, 'long-id.json', JSON.stringify(['10.0.0.0/8', '10.0.0.5/8', '10.1.0.0/16'].map((network, i) => ({ id: `r${i}`, network_id: 'n'.repeat(5 * 1024 * 1024), network, metric: 100000 })))), { exit: 1, args: ['lint', 'FILE'], text: { shows: ['…[cut: '], maxBytes: 20000 } }],
  ['a --batch line of 2 MB', (d) => write(d, 'long-line.jsonl', `{"ip":"10.20.1.7","from_peer":"laptop-anna"}\n{"ip":"${'1'.repeat(2 * 1024 * 1024)}"}\n{"ip":"10.20.1.7","from_peer":"laptop-anna"}\n`), { exit: 1, args: ['simulate', 'fixtures/demo', '--batch', 'FILE'], batchErrors: [2] }],
  ['/dev/zero as --batch (a line that never ends)', () => '/dev/zero', { exit: 1, args: ['simulate', 'fixtures/demo', '--batch', 'FILE'], batchErrors: [1] }],
];

/** The Terraform fixture plan with one route's `after_unknown.groups` nested `depth` deep. */
function deepAfterUnknown(depth: number): string {
  const plan = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'terraform', 'plan.json'), 'utf8')) as { resource_changes: { type: string; change: { after_unknown: Record<string, unknown> } }[] };
  plan.resource_changes.find((c) => c.type === 'netbird_route')!.change.after_unknown.groups = '@DEEP@';
  return JSON.stringify(plan).replace('"@DEEP@"', `${'['.repeat(depth)}true${']'.repeat(depth)}`);
}

/** A file of `size` bytes that takes no disk space (a hole). */
function sparse(dir: string, name: string, size: number): string {
  const fd = openSync(join(dir, name), 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
  return join(dir, name);
}

function write(dir: string, name: string, content: string): string {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

describe('generated bad inputs', () => {
  for (const [name, make, want, skip] of GENERATED) {
    it.skipIf(skip)(`${name} → exit ${want.exit}`, () => {
      const paths = [make(tempDir())].flat();
      const started = Date.now();
      const r = runCli(want.args ? want.args.map((a) => (a === 'FILE' ? paths[0]! : a)) : ['lint', ...paths, '--format', 'json']);
      // Generous: a hang or a runaway would blow far past it.
      expect(Date.now() - started).toBeLessThan(30000);
      check(r, want);
    });
  }
});
