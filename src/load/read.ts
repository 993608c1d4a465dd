// Reading files for every layer above: bounded, never blocking on a FIFO, errors as one line.
import { constants as bufferConstants } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { decodeText } from './source.js';

/** The longest text Node can hold (just under 512 MiB): a larger file cannot be read as one string. */
export const MAX_FILE_BYTES = bufferConstants.MAX_STRING_LENGTH;

/** A file larger than MAX_FILE_BYTES: refused before it is read. */
export class FileTooLargeError extends InputError {
  constructor(
    path: string,
    readonly size: number,
  ) {
    super(`${path}: ${tooLargeText(size)}`);
  }
}

/** Reads a file as text; throws InputError for anything that is not a readable regular file. */
export function readTextFile(path: string): string {
  return decodeText(readFileBytes(path));
}

/**
 * The bytes of a regular file (a FIFO, a directory or a file over MAX_FILE_BYTES is an InputError).
 * `shareAbove`: files of at least this many bytes are read into a SharedArrayBuffer, for a worker.
 */
export function readFileBytes(path: string, shareAbove = Number.POSITIVE_INFINITY): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${path}: is a directory`);
    if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
    if (st.size > MAX_FILE_BYTES) throw new FileTooLargeError(path, st.size);
    const bytes = st.size >= shareAbove ? new Uint8Array(new SharedArrayBuffer(st.size)) : Buffer.allocUnsafe(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, bytes, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: ${describeFsError(err)}`);
  } finally {
    closeSync(fd);
  }
}

/** Why a file of `size` bytes is not read, for a one-line error or a fatal finding. */
export function tooLargeText(size: number): string {
  return `the file is ${size} bytes, more than ${MAX_FILE_BYTES}, the longest text Node can hold`;
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return code ? `cannot read (${code})` : 'cannot read';
  }
}


/** Bytes an export will read (a directory: its files); 0 when it cannot tell. */
export function exportSize(input: string): number {
  try {
    const st = statSync(input);
    if (!st.isDirectory()) return st.size;
    return readdirSync(input).reduce((sum, name) => {
      try {
        return sum + statSync(join(input, name)).size;
      } catch {
        return sum;
      }
    }, 0);
  } catch {
    return 0;
  }
}
