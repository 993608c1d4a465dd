import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAccount } from '../../bench/generate.js';
import { checkOutputs, openOutput, writeOutput, type RunInput, type RunOutput } from '../../src/io/write.js';
import { ensureBuilt } from '../support/build.js';
import { readFifo, ROOT, tempDir } from '../cli/run.js';

const isRoot = process.getuid?.() === 0;

/** A character device of our own (as /dev/null, 1:3) when root may make one; else /dev/null itself. */
function nullDevice(dir: string): string {
  if (!isRoot) return '/dev/null';
  const path = join(dir, 'null');
  execFileSync('mknod', [path, 'c', '1', '3']);
  chmodSync(path, 0o666);
  return path;
}

const tmpFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('writeOutput', () => {
  it('replaces the file whole and leaves no temporary file behind', async () => {
    const dir = tempDir({ 'out.json': 'OLD' });
    expect(await writeOutput(join(dir, 'out.json'), 'NEW')).toBe('file');
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('NEW');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('fails with a one-line InputError and leaves nothing behind when the folder is not writable', async () => {
    await expect(writeOutput('/proc/routelint-cannot-write-here.json', 'x')).rejects.toThrow(/^\/proc\/routelint-cannot-write-here\.json: cannot write \([^\n]+\)$/);
    await expect(writeOutput(join(tempDir(), 'missing', 'out.json'), 'x')).rejects.toThrow(/cannot write \(no such file or directory\)$/);
  });

  it.each([0o600, 0o640, 0o604, 0o755])('keeps the mode %o of a file it rewrites', async (mode) => {
    const dir = tempDir({ 'snapshot.json': 'OLD' });
    chmodSync(join(dir, 'snapshot.json'), mode);
    await writeOutput(join(dir, 'snapshot.json'), 'NEW');
    expect(statSync(join(dir, 'snapshot.json')).mode & 0o7777).toBe(mode);
    expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toBe('NEW');
  });

  it('answers SIGINT and SIGTERM only while it writes: afterwards they are as they were', async () => {
    // A few turns of the event loop: the handlers stay one turn after a write (see write.ts).
    const settled = async () => {
      for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setImmediate(resolve));
    };
    await settled();
    const before = ['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s));
    await writeOutput(join(tempDir(), 'a.json'), 'A');
    await writeOutput(join(tempDir(), 'b.json'), 'B');
    await settled();
    expect(['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s))).toEqual(before);
  });

  it("gives a new file the umask's default mode", async () => {
    const dir = tempDir();
    await writeOutput(join(dir, 'new.json'), 'NEW');
    const umask = process.umask();
    expect(statSync(join(dir, 'new.json')).mode & 0o777).toBe(0o666 & ~umask);
  });

  it('writes the file a symlink points to, atomically, and keeps the symlink', async () => {
    const dir = tempDir({ 'real.json': 'OLD' });
    chmodSync(join(dir, 'real.json'), 0o600);
    symlinkSync('real.json', join(dir, 'link.json'));
    await writeOutput(join(dir, 'link.json'), 'NEW');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real.json');
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('NEW');
    expect(statSync(join(dir, 'real.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  it('refuses a dangling symlink and a directory with one line', async () => {
    const dir = tempDir();
    symlinkSync('nowhere.json', join(dir, 'dangling.json'));
    await expect(writeOutput(join(dir, 'dangling.json'), 'x')).rejects.toThrow(/dangling\.json: cannot write \(a symbolic link to a missing file\)$/);
    await expect(writeOutput(dir, 'x')).rejects.toThrow(/cannot write \(is a directory\)$/);
  });

  it('writes a character device in place: it is still that device afterwards, and so is a symlink to it', async () => {
    const dir = tempDir();
    const device = nullDevice(dir);
    const before = statSync(device);
    symlinkSync(device, join(dir, 'to-null'));
    expect(await writeOutput(device, 'discarded')).toBe('file');
    expect(await writeOutput(join(dir, 'to-null'), 'discarded')).toBe('file');
    const after = statSync(device);
    expect([after.isCharacterDevice(), after.rdev, after.ino]).toEqual([true, before.rdev, before.ino]);
    expect(lstatSync(join(dir, 'to-null')).isSymbolicLink()).toBe(true);
    expect(tmpFiles(dir)).toEqual([]);
  });

  it('writes a FIFO in place, to the process reading it', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    const read = readFifo(fifo);
    await writeOutput(fifo, 'through the pipe\n');
    expect(await read).toBe('through the pipe\n');
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['fifo']);
  });
});

describe('openOutput (an output written piece by piece)', () => {
  it('writes a regular file beside it and renames it into place only at finish, with the old mode', async () => {
    const dir = tempDir({ 'answers.jsonl': 'OLD' });
    chmodSync(join(dir, 'answers.jsonl'), 0o640);
    const output = openOutput(join(dir, 'answers.jsonl'));
    output.sink.write('one\n');
    output.sink.write(Buffer.from('two\n'));
    expect(readFileSync(join(dir, 'answers.jsonl'), 'utf8')).toBe('OLD');
    expect(tmpFiles(dir)).toHaveLength(1);
    await output.finish();
    expect(readFileSync(join(dir, 'answers.jsonl'), 'utf8')).toBe('one\ntwo\n');
    expect(statSync(join(dir, 'answers.jsonl')).mode & 0o777).toBe(0o640);
    expect(tmpFiles(dir)).toEqual([]);
  });

  it('abandon removes the temporary file and keeps the old file', () => {
    const dir = tempDir({ 'answers.jsonl': 'OLD' });
    const output = openOutput(join(dir, 'answers.jsonl'));
    output.sink.write('half');
    output.abandon();
    expect(readdirSync(dir)).toEqual(['answers.jsonl']);
    expect(readFileSync(join(dir, 'answers.jsonl'), 'utf8')).toBe('OLD');
  });

  it('calls back once a chunk is written, as a stream does', () => {
    const output = openOutput(join(tempDir(), 'out.jsonl'));
    let called = 0;
    output.sink.write('x', () => called++);
    expect(called).toBe(1);
    output.abandon();
  });

  it('writes a FIFO in place and refuses what writeOutput refuses, in one line', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    const read = readFifo(fifo);
    const output = openOutput(fifo);
    output.sink.write('line\n');
    await output.finish();
    expect(await read).toBe('line\n');
    expect(() => openOutput(dir)).toThrow(/cannot write \(is a directory\)$/);
    expect(() => openOutput(join(dir, 'missing', 'out.jsonl'))).toThrow(/^[^\n]*out\.jsonl: cannot write \(no such file or directory\)$/);
  });
});

describe('checkOutputs', () => {
  const dir = tempDir({ 'in.json': '[]', 'config.json': '{}', 'assertions.yaml': '[]', 'other.json': 'x' });
  mkdirSync(join(dir, 'ex'));
  for (const name of ['routes.json', 'groups.yaml', 'notes.txt']) writeFileSync(join(dir, 'ex', name), '[]');
  linkSync(join(dir, 'in.json'), join(dir, 'hard-link.json'));
  symlinkSync('in.json', join(dir, 'sym-link.json'));
  symlinkSync('ex', join(dir, 'ex-link'));
  const device = nullDevice(tempDir());
  const inputs: RunInput[] = [
    { path: join(dir, 'in.json'), what: 'the export', export: true },
    { path: join(dir, 'ex'), what: 'the export', export: true },
    { path: join(dir, 'config.json'), what: 'the config file' },
    { path: join(dir, 'assertions.yaml'), what: 'the assertions file' },
    { path: undefined, what: 'the token file' },
    { path: join(dir, 'missing.json'), what: 'the baseline' },
  ];
  const refusal = (outputs: RunOutput[]): string | null => {
    try {
      checkOutputs(outputs, inputs);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  };
  const o = (path: string | undefined, flag = '-o'): RunOutput => ({ path: path === undefined || path === '-' ? path : path.startsWith('/') ? path : join(dir, path), flag });

  it.each([
    ['the export file', 'in.json', `the export ${join(dir, 'in.json')}`],
    ['a hard link to it', 'hard-link.json', `the export ${join(dir, 'in.json')}`],
    ['a symlink to it', 'sym-link.json', `the export ${join(dir, 'in.json')}`],
    ["a file of an export directory, that the export reads", 'ex/routes.json', `${join(dir, 'ex', 'routes.json')}, a file of the export`],
    ['a file of an export directory, by way of a symlink to the directory', 'ex-link/groups.yaml', `${join(dir, 'ex', 'groups.yaml')}, a file of the export`],
    ["a file of an export directory that the export does not read", 'ex/notes.txt', 'a file of the export'],
    ['a section file the export directory would read', 'ex/peers.json', `${join(dir, 'ex', 'peers.json')}, a section file the export`],
    ['the config file', 'config.json', 'the config file'],
    ['the assertions file', 'assertions.yaml', 'the assertions file'],
    ['the directory of an export', 'ex', 'is a directory'],
  ])('refuses -o naming %s, in one line naming both', (_, path, named) => {
    const message = refusal([o(path)]);
    expect(message).toContain(named);
    expect(message?.split('\n')).toHaveLength(1);
    expect(message?.startsWith(`-o ${join(dir, path)}: `)).toBe(true);
  });

  it.each([
    ['no -o', undefined],
    ['-o -', '-'],
    ['a new file', 'report.html'],
    ['a file that is no input', 'other.json'],
    ['a new file in an export directory that it would not read', 'ex/report.html'],
    ['a file no input names yet (a missing baseline is an input only once it exists)', 'baseline.json'],
    ['a character device', device],
  ])('lets %s through', (_, path) => {
    expect(refusal([o(path)])).toBeNull();
  });

  it('refuses two outputs naming the same file', () => {
    expect(refusal([o('base.json', '--update-baseline'), o('base.json')])).toBe(`-o ${join(dir, 'base.json')}: refused, --update-baseline ${join(dir, 'base.json')} writes the same file`);
  });
});

describe('a run killed while writing its output', () => {
  it('never leaves a half-written report: the old file or the whole new one', async () => {
    const dir = tempDir();
    const input = join(dir, 'account.json');
    writeFileSync(input, JSON.stringify(generateAccount(20000, 7)));
    const out = join(dir, 'report.json');
    const outcomes = new Set<string>();
    for (const delay of [50, 150, 300, 450, 600, 800, 1200]) {
      writeFileSync(out, 'OLD REPORT');
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'routelint.js'), 'lint', input, '-f', 'json', '-o', out], { stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const text = readFileSync(out, 'utf8');
      if (text === 'OLD REPORT') outcomes.add('old');
      else {
        expect(() => JSON.parse(text)).not.toThrow();
        outcomes.add('new');
      }
    }
    // The input is untouched whatever happened.
    expect(JSON.parse(readFileSync(input, 'utf8')).routes).toHaveLength(20000);
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('removes its temporary file on %s, keeps the old file and exits %i', async (signal, code) => {
    ensureBuilt();
    const dir = tempDir({ 'out.json': 'OLD' });
    const out = join(dir, 'out.json');
    // 256 MB take long enough to write that the signal lands while the temporary file exists.
    const script = `const { writeOutput } = await import(${JSON.stringify(join(ROOT, 'dist', 'src', 'io', 'write.js'))}); await writeOutput(${JSON.stringify(out)}, Buffer.alloc(256 * 1024 * 1024, 120));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', (status) => r(status)));
    const started = Date.now();
    while (tmpFiles(dir).length === 0 && Date.now() - started < 15000) await new Promise((r) => setTimeout(r, 2));
    expect(tmpFiles(dir)).toHaveLength(1);
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(readdirSync(dir)).toEqual(['out.json']);
    expect(readFileSync(out, 'utf8')).toBe('OLD');
  });
});

describe('writeOutput to standard output', () => {
  it('writes `-` and a path that is its own standard output to standard output, and makes no file', () => {
    ensureBuilt();
    const dir = tempDir();
    symlinkSync('/dev/stdout', join(dir, 'to-stdout'));
    const script = `const { writeOutput } = await import(${JSON.stringify(join(ROOT, 'dist', 'src', 'io', 'write.js'))}); for (const p of ['-', '/dev/stdout', 'to-stdout']) process.stderr.write(await writeOutput(p, p + '\\n') + '\\n');`;
    const r = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r).toBe('-\n/dev/stdout\nto-stdout\n');
    expect(readdirSync(dir)).toEqual(['to-stdout']);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});
