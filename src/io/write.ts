// Every file routelint writes goes through here. Before a run writes anything, `checkOutputs`
// refuses an output that is one of the run's inputs (by real path, and by device and inode, so a
// symlink or a hard link is no way round it). `writeOutput` then writes: `-` (or a path that is
// the process's own standard output or error) goes to that stream; a regular file is written to a
// temporary file beside it and renamed into place, keeping the old file's mode, so an interrupted
// run leaves the old file or the whole new one; anything else (a device such as /dev/null, a FIFO,
// a terminal) is opened and written in place, never replaced. `openOutput` does the same for an
// output written piece by piece (`simulate --batch`), the file renamed into place at the end. A SIGINT or SIGTERM while a
// temporary file exists removes it before the process exits with 128 + the signal's number.
import { closeSync, constants, fstatSync, fsync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, write, writeSync, fchmodSync, fchownSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../errors.js';
import type { Progress } from './progress.js';
import { SECTION_FILE_STEMS } from '../load/raw.js';
import { describeFsError } from '../load/read.js';

/**
 * A file the run reads; `what` names it in the refusal: `the export`, `the config file`. A path that
 * is undefined or null (an option not given) is left out, as in `RunOutput`.
 */
export interface RunInput {
  readonly path: string | undefined | null;
  readonly what: string;
  /** An export: a directory stands for every file in it, and for the section files it would read. */
  readonly export?: boolean;
}

/** A file the run writes; `flag` names it in the refusal: `-o`, `--update-baseline`. */
export interface RunOutput {
  readonly path: string | undefined | null;
  readonly flag: string;
}

/** `-o -`: standard output. */
export const STDOUT_PATH = '-';

interface Identity {
  readonly real: string | null;
  readonly st: Stats | null;
}

function identityOf(path: string): Identity {
  let st: Stats | null = null;
  try {
    st = statSync(path);
  } catch {
    // Not there (yet): the real path of its folder, and its own name.
  }
  try {
    return { real: st ? realpathSync(path) : join(realpathSync(dirname(path)), basename(path)), st };
  } catch {
    return { real: null, st };
  }
}

function sameFile(a: Identity, b: Identity): boolean {
  if (a.st && b.st && a.st.dev === b.st.dev && a.st.ino === b.st.ino) return true;
  return a.real !== null && a.real === b.real;
}

/** The stat of an open descriptor of this process (1, 2), or null when it is closed. */
function statOfFd(fd: number): Stats | null {
  try {
    return fstatSync(fd);
  } catch {
    return null;
  }
}

function isStream(st: Stats | null, fd: number): boolean {
  const own = statOfFd(fd);
  return st !== null && own !== null && st.dev === own.dev && st.ino === own.ino;
}

/** The files an input stands for: itself and, for an export directory, every file in it and the section files it would read. */
function inputFiles(input: RunInput & { readonly path: string }): { path: string; label: string }[] {
  const files = [{ path: input.path, label: `${input.what} ${input.path}` }];
  if (!input.export) return files;
  let entries: string[];
  try {
    if (!statSync(input.path).isDirectory()) return files;
    entries = readdirSync(input.path);
  } catch {
    return files;
  }
  const sectionFiles = Object.values(SECTION_FILE_STEMS).flatMap((stems) => stems.flatMap((stem) => ['json', 'yaml', 'yml'].map((ext) => `${stem}.${ext}`)));
  const inside = [...new Set([...entries, ...sectionFiles])].sort().map((name) => join(input.path, name));
  return [...files, ...inside.map((path) => ({ path, label: entries.includes(basename(path)) ? `${path}, a file of ${input.what} ${input.path}` : `${path}, a section file ${input.what} ${input.path} would read` }))];
}

/**
 * Refuses, before anything is written, an output that would overwrite one of the run's inputs (or
 * add a section file to an export directory), another output, or a directory: an InputError
 * (exit 2) of one line naming both. Standard output, a device, a FIFO or a terminal overwrites no
 * file and is not compared.
 */
export function checkOutputs(outputs: readonly RunOutput[], inputs: readonly RunInput[]): void {
  const seen: { output: { flag: string; path: string }; id: Identity }[] = [];
  // The inputs' files are stat'ed and resolved only when some output is a file to compare them with.
  let files: { path: string; label: string; id: Identity }[] | undefined;
  const inputFilesOnce = () => (files ??= inputs.flatMap((input) => (input.path == null ? [] : inputFiles({ ...input, path: input.path }))).map((f) => ({ ...f, id: identityOf(f.path) })));
  for (const given of outputs) {
    if (given.path == null || given.path === STDOUT_PATH) continue;
    const output = { flag: given.flag, path: given.path };
    if (output.path === '') throw new InputError(`${output.flag}: expected a file name, or - for standard output`);
    const id = identityOf(output.path);
    if (id.st?.isDirectory()) throw new InputError(`${output.flag} ${output.path}: is a directory`);
    if (id.st && !id.st.isFile()) continue;
    const input = inputFilesOnce().find((f) => sameFile(id, f.id));
    if (input) throw new InputError(`${output.flag} ${output.path}: refused, it is ${input.label} (routelint never writes to its inputs)`);
    const other = seen.find((s) => sameFile(id, s.id));
    if (other) throw new InputError(`${output.flag} ${output.path}: refused, ${other.output.flag} ${other.output.path} writes the same file`);
    seen.push({ output, id });
  }
}

/** Why a write failed, in words where there are some. */
function writeProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'no space left on device';
    case 'EROFS':
      return 'read-only file system';
    case 'ENXIO':
      return 'not a file (a socket, or a device with nothing behind it)';
    case 'EPIPE':
      return 'the reader closed it';
    default: {
      const words = describeFsError(err);
      return words.startsWith('cannot read') ? (code ?? 'error') : words;
    }
  }
}

const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);

/** Temporary files that exist now; removed if a signal ends the run. */
const pending = new Set<string>();

const SIGNAL_EXITS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;

const onSignal = SIGNAL_EXITS.map(([signal, code]) => {
  const handler = (): void => {
    for (const tmp of pending) rmSync(tmp, { force: true });
    process.exit(code);
  };
  return [signal, handler] as const;
});

/**
 * While a temporary file exists, SIGINT and SIGTERM remove it and end the run with 128 + the
 * signal's number (130, 143), as a shell reports a killed run. Outside writes the signals keep
 * their default (or inherited) handling.
 */
let watching = false;

function watchSignals(): void {
  if (watching) return;
  watching = true;
  for (const [signal, handler] of onSignal) process.on(signal, handler);
}

function unwatchSignals(): void {
  // A signal that came during the last synchronous steps (close, rename) waits in the event loop:
  // the handlers stay through one more turn of the loop to answer it.
  setImmediate(() =>
    setImmediate(() => {
      if (!watching || pending.size > 0) return;
      watching = false;
      for (const [signal, handler] of onSignal) process.removeListener(signal, handler);
    }),
  );
}

/** What a command writes: one string or buffer, or a sequence of parts never joined into one string (a large JSON document). */
export type OutputContent = string | Uint8Array | Iterable<string>;

/** Parts are encoded into buffers of about this many bytes before they are written. */
const PART_CHUNK = 1 << 20;

/** UTF-8 takes at most this many bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

/**
 * The content as buffers to write one after the other. Parts are encoded straight into buffers of
 * about PART_CHUNK bytes (no string joining them is made, and each is encoded once); a part longer
 * than a buffer is encoded on its own. A high surrogate ending a part waits for the next part, so
 * that a pair split between two parts is encoded as the one character it is, as joining would.
 */
export function* chunksOf(content: OutputContent): Iterable<Uint8Array> {
  if (typeof content === 'string') return yield Buffer.from(content, 'utf8');
  if (content instanceof Uint8Array) return yield content;
  let chunk = Buffer.allocUnsafe(PART_CHUNK);
  let size = 0;
  let carry = '';
  for (let part of content) {
    if (carry !== '') {
      part = carry + part;
      carry = '';
    }
    const last = part.charCodeAt(part.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      carry = part.slice(-1);
      part = part.slice(0, -1);
    }
    if (part.length * MAX_BYTES_PER_UNIT > PART_CHUNK - size) {
      if (size > 0) {
        yield chunk.subarray(0, size);
        chunk = Buffer.allocUnsafe(PART_CHUNK);
        size = 0;
      }
      if (part.length * MAX_BYTES_PER_UNIT > PART_CHUNK) {
        yield Buffer.from(part, 'utf8');
        continue;
      }
    }
    size += chunk.write(part, size, 'utf8');
  }
  if (carry !== '') {
    // A lone high surrogate at the very end: encoded as Buffer.from encodes it (U+FFFD).
    const tail = Buffer.from(carry, 'utf8');
    if (size + tail.length > PART_CHUNK) {
      yield chunk.subarray(0, size);
      return yield tail;
    }
    size += tail.copy(chunk, size);
  }
  if (size > 0) yield chunk.subarray(0, size);
}

/** A temporary file beside `target`, open for writing, that becomes `target` once whole (`commit`) or is removed (`discard`). */
interface StagedFile {
  readonly fd: number;
  commit(): Promise<void>;
  discard(): void;
}

/**
 * Opens the temporary file a regular file is written to. Opening, chmod and rename are synchronous,
 * so a signal is answered only while the file is open and being written: the handler then finds it
 * in `pending`. A new file gets the umask's mode; a rewritten one its old mode (and, for root, its
 * owner), set before a byte is written so a private file's content is never readable by others.
 */
function stageFile(target: string, old: Stats | null): StagedFile {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  watchSignals();
  let fd: number | null = null;
  const discard = (): void => {
    if (fd !== null) closeSync(fd);
    fd = null;
    rmSync(tmp, { force: true });
    pending.delete(tmp);
    unwatchSignals();
  };
  try {
    fd = openSync(tmp, 'wx', old ? 0o600 : 0o666);
    pending.add(tmp);
    if (old) {
      fchmodSync(fd, old.mode & 0o7777);
      if (process.getuid?.() === 0) fchownSync(fd, old.uid, old.gid);
    }
  } catch (err) {
    discard();
    throw new InputError(`${target}: cannot write (${writeProblem(err)})`);
  }
  const opened = fd;
  return {
    fd: opened,
    async commit() {
      try {
        await fsyncAsync(opened);
        closeSync(opened);
        fd = null;
        renameSync(tmp, target);
      } catch (err) {
        discard();
        throw new InputError(`${target}: cannot write (${writeProblem(err)})`);
      }
      pending.delete(tmp);
      unwatchSignals();
    },
    discard,
  };
}

/** Writes a regular file by way of a temporary file beside it, renamed over it once whole. */
async function writeRegularFile(target: string, old: Stats | null, content: OutputContent): Promise<void> {
  const staged = stageFile(target, old);
  try {
    for (const bytes of chunksOf(content)) for (let done = 0; done < bytes.length; ) done += (await writeAsync(staged.fd, bytes, done, bytes.length - done)).bytesWritten;
  } catch (err) {
    staged.discard();
    throw new InputError(`${target}: cannot write (${writeProblem(err)})`);
  }
  await staged.commit();
}

/** Writes a device, FIFO or terminal in place: it is opened as it is, never replaced. */
function writeInPlace(path: string, content: OutputContent): void {
  const device = openInPlace(path);
  try {
    for (const bytes of chunksOf(content)) device.sink.write(bytes);
  } finally {
    device.close();
  }
}

/** Where an output path leads: a stream of this process, a device, FIFO or terminal written in place, or a regular file (`path`: the file a symlink points to; `old`: its stat, null when new). */
type Target = { readonly kind: 'stdout' | 'stderr' } | { readonly kind: 'in-place'; readonly path: string } | { readonly kind: 'file'; readonly path: string; readonly old: Stats | null };

function targetOf(path: string | undefined): Target {
  if (path === undefined || path === STDOUT_PATH) return { kind: 'stdout' };
  const { st } = identityOf(path);
  if (isStream(st, 1)) return { kind: 'stdout' };
  if (isStream(st, 2)) return { kind: 'stderr' };
  if (st?.isDirectory()) throw new InputError(`${path}: cannot write (is a directory)`);
  if (st && !st.isFile()) return { kind: 'in-place', path };
  if (!st && lstatOrNull(path)?.isSymbolicLink()) throw new InputError(`${path}: cannot write (a symbolic link to a missing file)`);
  // A symlink to a regular file: the file it points to is replaced, the symlink stays.
  return { kind: 'file', path: st ? realpathSync(path) : path, old: st };
}

/**
 * Writes a command's output to `path`: standard output when it is undefined or `-`. Says where it
 * went (`stdout` also when `path` names this process's standard output, e.g. `/dev/stdout`).
 * Call `checkOutputs` for every output of the run before the first `writeOutput`.
 */
export async function writeOutput(path: string | undefined, content: OutputContent): Promise<'stdout' | 'file'> {
  const toStream = (stream: NodeJS.WritableStream) => {
    if (typeof content === 'string' || content instanceof Uint8Array) stream.write(content);
    else for (const chunk of chunksOf(content)) stream.write(chunk);
  };
  const target = targetOf(path);
  switch (target.kind) {
    case 'stdout':
      toStream(process.stdout);
      return 'stdout';
    case 'stderr':
      toStream(process.stderr);
      return 'file';
    case 'in-place':
      writeInPlace(target.path, content);
      return 'file';
    case 'file':
      await writeRegularFile(target.path, target.old, content);
      return 'file';
  }
}

/**
 * `writeOutput` under a progress bar: a piecewise output (a diff, a group's answers) is still being
 * made while it is written, so the bar stays up as it goes, unless the output goes to the terminal
 * the bar is drawn on (standard output on a terminal, or standard error): then it is cleared first.
 */
export async function writeOutputUnder(progress: Progress, path: string | undefined, content: OutputContent): Promise<'stdout' | 'file'> {
  const target = targetOf(path);
  if ((target.kind === 'stdout' && process.stdout.isTTY) || target.kind === 'stderr') progress.done();
  else progress.update(0.95, 'writing');
  try {
    return await writeOutput(path, content);
  } finally {
    progress.done();
  }
}

/** What a piecewise output is written through: a stream of this process, or a file written synchronously. */
export interface OutputSink {
  /** Writes `chunk`; `done` is called once it is taken. */
  write(chunk: Uint8Array | string, done?: () => void): unknown;
}

/** An output written piece by piece as a run goes (`simulate --batch`), made whole by `finish`. */
export interface PiecewiseOutput {
  readonly sink: OutputSink;
  /** Ends the output: a regular file is renamed into place only now, whole. */
  finish(): Promise<void>;
  /** Ends a run that failed: a regular file's temporary file is removed and the old file stays. */
  abandon(): void;
}

/** A sink writing every chunk to `fd` before it returns; a failed write is an InputError naming `path`. */
function fdSink(fd: number, path: string): OutputSink {
  return {
    write(chunk, done) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      try {
        for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
      } catch (err) {
        throw new InputError(`${path}: cannot write (${writeProblem(err)})`);
      }
      done?.();
      return true;
    },
  };
}

/** A device, FIFO or terminal opened as it is, for writing in place; `close` may be called more than once. */
function openInPlace(path: string): { readonly sink: OutputSink; close(): void } {
  let fd: number | null;
  try {
    fd = openSync(path, constants.O_WRONLY);
  } catch (err) {
    throw new InputError(`${path}: cannot write (${writeProblem(err)})`);
  }
  const sink = fdSink(fd, path);
  return {
    sink,
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/**
 * Opens `path` for an output written piece by piece, with `writeOutput`'s rules: `-` and this
 * process's own streams are written as they come, a device, FIFO or terminal in place, and a regular
 * file by way of a temporary file renamed over it by `finish`. Call `checkOutputs` first.
 */
export function openOutput(path: string | undefined): PiecewiseOutput {
  const target = targetOf(path);
  switch (target.kind) {
    case 'stdout':
    case 'stderr': {
      const stream = target.kind === 'stdout' ? process.stdout : process.stderr;
      return { sink: stream, finish: async () => undefined, abandon: () => undefined };
    }
    case 'in-place': {
      const device = openInPlace(target.path);
      return { sink: device.sink, finish: async () => device.close(), abandon: () => device.close() };
    }
    case 'file': {
      const staged = stageFile(target.path, target.old);
      return { sink: fdSink(staged.fd, target.path), finish: () => staged.commit(), abandon: () => staged.discard() };
    }
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
