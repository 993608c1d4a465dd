// Where every command writes, end to end with the built binary: never over one of the run's
// inputs (exit 2, one line, the input untouched), `-o -` to standard output, devices, FIFOs and
// /dev/stdout written in place, a rewritten file's mode kept, no temporary file after a signal.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../bench/generate.js';
import { startFakeApi, SENTINEL_TOKEN, type Account } from '../pull/fakeApi.js';
import { ensureBuilt } from '../support/build.js';
import { expectOneLineError, readFifo, ROOT, runCli, tempDir } from './run.js';

beforeAll(() => ensureBuilt(), 180_000);

const isRoot = process.getuid?.() === 0;

/** Every file under `dir` (recursively) with its bytes, to prove a refused run changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const st = lstatSync(path);
    files[path] = st.isSymbolicLink() ? `-> ${path}` : st.isFile() ? readFileSync(path, 'latin1') : '(dir)';
  }
  return files;
}

/** Batch questions: two answered, one refused (a batch with a refused line exits 1). */
const BATCH_LINES = ['{"ip": "10.20.1.7", "from_peer": "laptop-anna"}', '{"ip": "10.20.1.7", "from_group": "All"}', '{"ip": "not-an-ip", "from_peer": "laptop-anna"}'];

/**
 * A workspace: `ex/` (the demo account as a directory), `in.json` (its routes as one file),
 * `new.json`, `cfg.json`, `base.json` (a baseline), `a.yaml` (the demo assertions), `token`,
 * `status.json`, `q.jsonl` (batch questions), `hard.json` (a hard link to in.json) and `sym.json`
 * (a symlink to it).
 */
function workspace(): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'fixtures', 'demo'), join(dir, 'ex'), { recursive: true });
  cpSync(join(ROOT, 'fixtures', 'demo', 'routes.json'), join(dir, 'in.json'));
  cpSync(join(ROOT, 'fixtures', 'demo', 'routes.json'), join(dir, 'new.json'));
  cpSync(join(ROOT, 'fixtures', 'assertions', 'demo.yaml'), join(dir, 'a.yaml'));
  writeFileSync(join(dir, 'cfg.json'), '{"rules": {"metric-conflict": "off"}}\n');
  writeFileSync(join(dir, 'base.json'), `${JSON.stringify({ version: 1, entries: [] })}\n`);
  writeFileSync(join(dir, 'token'), `${SENTINEL_TOKEN}\n`);
  writeFileSync(join(dir, 'status.json'), '{"peers": {"total": 0, "connected": 0, "details": []}}\n');
  writeFileSync(join(dir, 'q.jsonl'), `${BATCH_LINES.join('\n')}\n`);
  linkSync(join(dir, 'in.json'), join(dir, 'hard.json'));
  symlinkSync('in.json', join(dir, 'sym.json'));
  return dir;
}

describe('an output that names an input is refused before anything is written', () => {
  // [what, command line (run in the workspace), the output flag and path, the input the line must name]
  const cases: [string, string[], string, string][] = [
    ['lint -o the export file', ['lint', 'in.json', '-f', 'json', '-o', 'in.json'], '-o in.json', 'the export in.json'],
    ['lint -o a hard link to the export', ['lint', 'in.json', '-o', 'hard.json'], '-o hard.json', 'the export in.json'],
    ['lint -o a symlink to the export', ['lint', 'in.json', '-o', 'sym.json'], '-o sym.json', 'the export in.json'],
    ['lint -o a file of an export directory', ['lint', 'ex', '-o', 'ex/groups.json'], '-o ex/groups.json', 'ex/groups.json, a file of the export ex'],
    ['lint -o the second export', ['lint', 'ex', 'in.json', '-o', 'in.json'], '-o in.json', 'the export in.json'],
    ['lint -o the config file', ['lint', 'in.json', '-c', 'cfg.json', '-o', 'cfg.json'], '-o cfg.json', 'the config file cfg.json'],
    ['lint -o the baseline it reads', ['lint', 'in.json', '--baseline', 'base.json', '-o', 'base.json'], '-o base.json', 'the baseline base.json'],
    ['lint --update-baseline over the export', ['lint', 'in.json', '--baseline', 'in.json', '--update-baseline'], '--update-baseline in.json', 'the export in.json'],
    ['lint --update-baseline over a file of the export directory', ['lint', 'ex', '--baseline', 'ex/routes.json', '--update-baseline'], '--update-baseline ex/routes.json', 'ex/routes.json, a file of the export ex'],
    ['lint --update-baseline and -o the same file', ['lint', 'in.json', '--baseline', 'b.json', '--update-baseline', '-o', 'b.json'], '-o b.json', '--update-baseline b.json writes the same file'],
    ['lint --url -o the token file', ['lint', '--url', 'http://127.0.0.1:9', '--token-file', 'token', '-o', 'token'], '-o token', 'the token file token'],
    ['report -o a file of the export directory', ['report', 'ex', '-o', 'ex/routes.json'], '-o ex/routes.json', 'ex/routes.json, a file of the export ex'],
    ['report -o a section file the export directory would read', ['report', 'ex', '-o', 'ex/posture_checks.yaml'], '-o ex/posture_checks.yaml', 'ex/posture_checks.yaml, a section file the export ex would read'],
    ['report -o the config file', ['report', 'in.json', '-c', 'cfg.json', '-o', 'cfg.json'], '-o cfg.json', 'the config file cfg.json'],
    ['test -o the assertions file', ['test', 'ex', 'a.yaml', '-o', 'a.yaml'], '-o a.yaml', 'the assertions file a.yaml'],
    ['test -o a file of the export', ['test', 'ex', 'a.yaml', '-f', 'junit', '-o', 'ex/peers.json'], '-o ex/peers.json', 'ex/peers.json, a file of the export ex'],
    ['diff -o the old export', ['diff', 'in.json', 'new.json', '-o', 'in.json'], '-o in.json', 'the old export in.json'],
    ['diff -o the new export', ['diff', 'in.json', 'new.json', '-f', 'json', '-o', 'new.json'], '-o new.json', 'the new export new.json'],
    ['diff -o a file of an export directory', ['diff', 'ex', 'in.json', '-o', 'ex/policies.json'], '-o ex/policies.json', 'ex/policies.json, a file of the old export ex'],
    ['diff -o the config file', ['diff', 'in.json', 'new.json', '-c', 'cfg.json', '-o', 'cfg.json'], '-o cfg.json', 'the config file cfg.json'],
    ['pull -o the token file', ['pull', '--url', 'http://127.0.0.1:9', '--token-file', 'token', '-o', 'token'], '-o token', 'the token file token'],
    ['simulate -o a file of the export directory', ['simulate', 'ex', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '-o', 'ex/routes.json'], '-o ex/routes.json', 'ex/routes.json, a file of the export ex'],
    ['simulate --from-group -o the export file', ['simulate', 'in.json', '--ip', '10.20.1.7', '--from-group', 'All', '-f', 'json', '-o', 'sym.json'], '-o sym.json', 'the export in.json'],
    ['simulate -o the status report it reads', ['simulate', 'ex', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '--status', 'status.json', '-o', 'status.json'], '-o status.json', 'the status report status.json'],
    ['simulate --batch -o the batch file', ['simulate', 'ex', '--batch', 'q.jsonl', '-o', 'q.jsonl'], '-o q.jsonl', 'the batch file q.jsonl'],
    ['simulate --url -o the token file', ['simulate', '--url', 'http://127.0.0.1:9', '--token-file', 'token', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '-o', 'token'], '-o token', 'the token file token'],
  ];

  it.each(cases)('%s: exit 2, one line naming both, every file unchanged', (_, args, output, input) => {
    const dir = workspace();
    const before = snapshot(dir);
    const r = runCli(args, { cwd: dir });
    expect(r.status).toBe(2);
    const line = expectOneLineError(r);
    expect(line.startsWith(`routelint: ${output}: refused, `)).toBe(true);
    expect(line).toContain(input);
    expect(r.stdout).toBe('');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses -o naming the config file found upward from the working directory', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'routelint.config.json'), '{"rules": {}}\n');
    mkdirSync(join(dir, 'sub'));
    const before = snapshot(dir);
    const r = runCli(['lint', '../in.json', '-o', '../routelint.config.json'], { cwd: join(dir, 'sub') });
    expect(r.status).toBe(2);
    expect(expectOneLineError(r)).toContain(`the config file ${join(dir, 'routelint.config.json')}`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('lets --update-baseline rewrite the baseline it names: that is what it is for', () => {
    const dir = workspace();
    const r = runCli(['lint', 'in.json', '--baseline', 'base.json', '--update-baseline', '-f', 'json', '-o', 'out.json'], { cwd: dir });
    expect(r.status).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as { entries: unknown[] };
    expect(baseline.entries.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toHaveLength(1);
  });
});

describe('-o -, devices, FIFOs and /dev/stdout', () => {
  const commands: [string, string[]][] = [
    ['lint', ['lint', 'in.json', '-f', 'json']],
    ['report', ['report', 'ex', '-f', 'markdown']],
    ['test', ['test', 'ex', 'a.yaml', '-f', 'json']],
    ['diff', ['diff', 'in.json', 'ex', '-f', 'json']],
    ['simulate', ['simulate', 'ex', '--ip', '10.20.1.7', '--from-group', 'All']],
    ['simulate -f json', ['simulate', 'ex', '--ip', '10.20.1.7', '--from-peer', 'laptop-anna', '-f', 'json']],
    ['simulate --batch', ['simulate', 'ex', '--batch', 'q.jsonl']],
  ];

  it.each(commands)('%s -o - writes to standard output what it writes without -o, and makes no file', (_, args) => {
    const dir = workspace();
    const plain = runCli(args, { cwd: dir });
    const before = snapshot(dir);
    const dashed = runCli([...args, '-o', '-'], { cwd: dir });
    expect([dashed.status, dashed.stderr]).toEqual([plain.status, '']);
    expect(dashed.stdout.length).toBeGreaterThan(100);
    expect(dashed.stdout).toBe(plain.stdout);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each(commands)('%s -o /dev/stdout and -o a symlink to it write to the standard output the run was given', (_, args) => {
    const dir = workspace();
    symlinkSync('/dev/stdout', join(dir, 'to-stdout'));
    const plain = runCli(args, { cwd: dir });
    for (const target of ['/dev/stdout', 'to-stdout']) {
      const r = runCli([...args, '-o', target], { cwd: dir });
      expect([r.status, r.stderr, r.stdout]).toEqual([plain.status, '', plain.stdout]);
    }
    expect(lstatSync(join(dir, 'to-stdout')).isSymbolicLink()).toBe(true);
  });

  it('-o /dev/null: the run ends as it would, and /dev/null is still the character device 1:3', () => {
    const dir = workspace();
    const before = statSync('/dev/null');
    // As root, a device node of our own as well: proof that it is written in place, not replaced.
    const own = join(dir, 'null');
    if (isRoot) execFileSync('mknod', [own, 'c', '1', '3']);
    for (const target of isRoot ? ['/dev/null', own] : ['/dev/null']) {
      const r = runCli(['lint', 'in.json', '-f', 'json', '-o', target], { cwd: dir });
      expect([r.status, r.stdout, r.stderr]).toEqual([1, '', '']);
      const after = statSync(target);
      expect([after.isCharacterDevice(), after.rdev]).toEqual([true, before.rdev]);
    }
    expect(statSync('/dev/null').ino).toBe(before.ino);
  });

  it('-o FIFO: the reader gets the output, and the FIFO stays', async () => {
    const dir = workspace();
    const fifo = join(dir, 'pipe');
    const read = readFifo(fifo);
    const r = runCli(['lint', 'in.json', '-f', 'json', '-o', fifo], { cwd: dir });
    expect([r.status, r.stdout, r.stderr]).toEqual([1, '', '']);
    expect(await read).toBe(runCli(['lint', 'in.json', '-f', 'json'], { cwd: dir }).stdout);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('test -o /dev/stdout prints the results once (the summary line goes to stdout only when they go elsewhere)', () => {
    const dir = workspace();
    const toStdout = runCli(['test', 'ex', 'a.yaml', '-o', '/dev/stdout'], { cwd: dir });
    expect(toStdout.stdout).toBe(runCli(['test', 'ex', 'a.yaml'], { cwd: dir }).stdout);
    const toFile = runCli(['test', 'ex', 'a.yaml', '-o', 'results.txt'], { cwd: dir });
    expect(toFile.stdout).toBe('7 passed, 0 failed\n');
  });
});

describe('a rewritten file', () => {
  it.each([
    ['lint', ['lint', 'in.json', '-f', 'json']],
    ['report', ['report', 'ex']],
    ['test', ['test', 'ex', 'a.yaml', '-f', 'junit']],
    ['diff', ['diff', 'in.json', 'ex']],
    ['simulate', ['simulate', 'ex', '--ip', '10.20.1.7', '--from-group', 'All', '-f', 'json']],
    ['simulate --batch', ['simulate', 'ex', '--batch', 'q.jsonl']],
  ])('%s -o keeps the mode 0600 of the file it replaces, and leaves no temporary file', (_, args) => {
    const dir = workspace();
    writeFileSync(join(dir, 'private.out'), 'OLD');
    chmodSync(join(dir, 'private.out'), 0o600);
    const r = runCli([...args, '-o', 'private.out'], { cwd: dir });
    // report names the file it wrote; the others say nothing.
    expect(r.stderr).toEqual(args[0] === 'report' ? expect.stringMatching(/^wrote private\.out \(\d+ KB\)\n$/) : '');
    expect(statSync(join(dir, 'private.out')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'private.out'), 'utf8')).not.toBe('OLD');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--update-baseline keeps the mode of the baseline too', () => {
    const dir = workspace();
    chmodSync(join(dir, 'base.json'), 0o640);
    runCli(['lint', 'in.json', '--baseline', 'base.json', '--update-baseline'], { cwd: dir });
    expect(statSync(join(dir, 'base.json')).mode & 0o777).toBe(0o640);
  });
});

describe('a run ended by SIGTERM while it writes -o', () => {
  it('removes its temporary file, keeps the old snapshot and exits 143', async () => {
    // A pull of 20,000 routes writes about 30 MB: long enough to be caught writing.
    const account = { ...generateAccount(20000, 7), networks: [], network_routers: [], network_resources: [] };
    const api = await startFakeApi({ account: account as unknown as Account });
    try {
      const dir = tempDir({ 'snapshot.json': 'OLD SNAPSHOT' });
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'routelint.js'), 'pull', '--url', api.url, '-o', join(dir, 'snapshot.json')], {
        stdio: 'ignore',
        env: { ...process.env, NETBIRD_API_TOKEN: SENTINEL_TOKEN },
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
      let running = true;
      void exited.then(() => (running = false));
      const tmpFiles = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      while (running && tmpFiles().length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(tmpFiles()).toHaveLength(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(readdirSync(dir)).toEqual(['snapshot.json']);
      expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toBe('OLD SNAPSHOT');
    } finally {
      await api.close();
    }
  }, 60_000);

  it('simulate --batch -o: the file appears only once every line is answered; a SIGTERM before that keeps the old file', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'answers.jsonl'), 'OLD ANSWERS');
    const start = () => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'routelint.js'), 'simulate', 'ex', '--batch', '-', '-o', 'answers.jsonl'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
      return { child, exited };
    };
    const tmpFiles = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    const untilTmpFile = async () => {
      while (tmpFiles().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    // Questions still coming: the answers so far are in the temporary file, the old file is whole.
    const killed = start();
    killed.child.stdin.write(`${BATCH_LINES[0]}\n`);
    await untilTmpFile();
    expect(readFileSync(join(dir, 'answers.jsonl'), 'utf8')).toBe('OLD ANSWERS');
    killed.child.kill('SIGTERM');
    expect(await killed.exited).toBe(143);
    expect(tmpFiles()).toEqual([]);
    expect(readFileSync(join(dir, 'answers.jsonl'), 'utf8')).toBe('OLD ANSWERS');
    // The input ends: the file holds one answer per line, as standard output would, and no temporary file is left.
    const finished = start();
    await untilTmpFile();
    finished.child.stdin.end(`${BATCH_LINES.join('\n')}\n`);
    expect(await finished.exited).toBe(1);
    expect(tmpFiles()).toEqual([]);
    expect(readFileSync(join(dir, 'answers.jsonl'), 'utf8')).toBe(runCli(['simulate', 'ex', '--batch', 'q.jsonl'], { cwd: dir }).stdout);
  }, 60_000);
});
