// `routelint simulate`: resolves the question against the export (peers, groups, states), asks
// the simulator and prints the answer. Anything that keeps the question from being asked is an
// InputError (exit 2); any answer, whatever its disposition, exits 0.
import { modelForSimulation } from './account.js';
import { commandProgress } from './progress.js';
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { InputError } from '../errors.js';
import { readExport } from '../load/export.js';
import { BATCH_LINE_MAX_BYTES, BATCH_SKIP_MAX_BYTES, countLines, LineSplitter, type BatchLine, type TooLongLine } from '../load/lines.js';
import { describeFsError, exportSize, readFileBytes, readTextFile } from '../load/read.js';
import { decodeText } from '../load/source.js';
import { parseStatusReport } from '../load/status.js';
import { LineWriter } from '../io/line-writer.js';
import { progressBar, type Progress } from '../io/progress.js';
import type { LiveOptions } from '../pull/pull.js';
import type { Model } from '../model/types.js';
import type { SimulateFormat } from '../format/index.js';
import { formatAnswerJson, formatAnswerJsonParts } from '../format/simulate-json.js';
import { checkOutputs, openOutput, writeOutputUnder, type RunInput } from '../io/write.js';
import { formatAnswerText } from '../format/simulate-text.js';
import { simulate, simulateBrief, simulateBriefPeer, simulateGroup, simulateGroupText, simulatorFor, type GroupOptions, type SimQuery, type TextPacker } from '../simulate/index.js';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { PeerStates } from '../simulate/peer-states.js';
import { batchQuestionOf, FLAG_LABELS, questionOf, statesOf } from '../simulate/question.js';
import type { GroupAnswer, PeerAnswer } from '../simulate/answer.js';
import { briefPeerLine, failedLine, type BatchAnswer } from '../simulate/batch.js';

export interface SimulateArgs extends AccountSource {
  readonly ip?: string;
  readonly domain?: string;
  readonly fromPeer?: string;
  readonly fromGroup?: string;
  readonly status?: string;
  readonly peerState: readonly string[];
  readonly down: readonly string[];
  readonly current?: string;
  readonly exitNode?: string;
  readonly protocol?: string;
  readonly port?: string;
  readonly posture?: readonly string[];
  readonly format: SimulateFormat;
  /** A group answer lists at most this many outcomes (0: all); default DEFAULT_MAX_OUTCOMES. */
  readonly maxOutcomes?: number;
  /** Where the answer goes (`-o`): standard output when undefined or `-`. */
  readonly output?: string;
}

/** The outcomes (and summary lines) a group answer lists by default: a page a person reads. */
export const DEFAULT_MAX_OUTCOMES = 100;

/** Where the account comes from: an export on disk, or the live API (`--url`). */
export interface AccountSource {
  readonly export?: string;
  readonly live?: LiveOptions & { readonly url: string };
}

/** Loads the export; the simulator needs its groups and peers. */
export function loadModelForSimulation(path: string): Model {
  return modelForSimulation(readExport(path), path);
}

/** Loads the account from disk or, with `live`, from the management API. */
export async function loadAccountForSimulation(source: AccountSource): Promise<Model> {
  if (source.live) {
    const { readLiveExport } = await import('../pull/pull.js');
    return modelForSimulation(await readLiveExport(source.live.url, source.live), source.live.url);
  }
  if (source.export === undefined) throw new InputError('name an export, or --url for the live account');
  return loadModelForSimulation(source.export);
}

/** The run's peer states: flags, then the `--status` report (read and parsed only once the flags resolve). */
function runStates(model: Model, args: Pick<SimulateArgs, 'peerState' | 'down' | 'status'>): PeerStates {
  const status = args.status;
  return statesOf(model, args, () => (status === undefined ? null : parseStatusReport(status, readTextFile(status))));
}

/** The answer `routelint simulate` gives for the command line `args` on `model`. */
export function answerFor(model: Model, args: SimulateArgs, progress?: Progress): PeerAnswer | GroupAnswer {
  const query = questionOf(model, args, FLAG_LABELS);
  const states = runStates(model, args);
  return query.from.kind === 'group' ? simulateGroup(model, { ...query, from: query.from }, states, groupOptionsOf(args, progress)) : simulate(model, query, states);
}

/** `progress`: a bar the group's members move (the export read is its first tenth). */
function groupOptionsOf(args: SimulateArgs, progress?: Progress): GroupOptions {
  return {
    maxOutcomes: args.maxOutcomes ?? DEFAULT_MAX_OUTCOMES,
    ...(progress ? { onProgress: (done: number, total: number) => progress.update(0.1 + (0.85 * done) / total, `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} members`) } : {}),
  };
}

/** Texts shorter than this are kept as they are: deflating one costs more than it saves. */
const DEFLATED_TEXT = 8192;

/**
 * A group answer's text deflated while it waits to be written (raw deflate, fastest level, one
 * byte a character): on a covering account the answers of a group are several times the export.
 * A short text (tens of thousands of them in a group of many small answers) is kept as it is,
 * after a mark that no deflated text has, so unequal texts still pack to unequal strings.
 */
export const DEFLATED: TextPacker = {
  pack: (text) => (text.length < DEFLATED_TEXT ? `${SHORT}${text}` : `${LONG}${deflateRawSync(text, { level: 1, memLevel: 9 }).toString('latin1')}`),
  unpack: (packed) => (packed[0] === SHORT ? packed.slice(1) : inflateRawSync(Buffer.from(packed.slice(1), 'latin1')).toString('utf8')),
};
const SHORT = 's';
const LONG = 'd';

/** The files a simulate run reads, which `-o` may not name. */
function inputsOf(args: AccountSource & { readonly status?: string; readonly batch?: string }): RunInput[] {
  return [
    { path: args.export, what: 'the export', export: true },
    { path: args.status, what: 'the status report' },
    { path: args.live?.tokenFile, what: 'the token file' },
    { path: args.batch === '-' ? undefined : args.batch, what: 'the batch file' },
  ];
}

/** Runs `routelint simulate`; returns the exit code. */
export async function runSimulate(args: SimulateArgs): Promise<number> {
  checkOutputs([{ path: args.output, flag: '-o' }], inputsOf(args));
  // A bar for a big export or a live pull, and for any run that lasts more than a second (a group's members).
  const progress = commandProgress([args.export], args.live !== undefined);
  progress.update(0, args.live ? `fetching ${args.live.url}` : `reading ${args.export ?? ''}`);
  const model = await loadAccountForSimulation(args.live ? { live: { ...args.live, onProgress: (fraction, label) => progress.update(0.1 * fraction, label) } } : args);
  progress.update(0.1, 'answering');
  if (args.format === 'json') {
    // A group's answer is kept as JSON text as it is decided, never as objects (see simulateGroupText).
    const query = questionOf(model, args, FLAG_LABELS);
    const states = runStates(model, args);
    const answer = query.from.kind === 'group' ? simulateGroupText(model, { ...query, from: query.from }, states, groupOptionsOf(args, progress), DEFLATED) : simulate(model, query, states);
    await writeOutputUnder(progress, args.output, formatAnswerJsonParts(answer));
  } else await writeOutputUnder(progress, args.output, formatAnswerText(answerFor(model, args, progress)));
  return 0;
}

export interface SimulateBatchArgs extends AccountSource {
  /** A file of JSON lines, or `-` for standard input. */
  readonly batch: string;
  readonly status?: string;
  readonly peerState: readonly string[];
  readonly down: readonly string[];
  /** `--posture CHECK=pass|fail` for every line (a line's own `posture` goes on top). */
  readonly posture?: readonly string[];
  /** Full explained answers (as `-f json`) instead of brief ones. */
  readonly explain?: boolean;
  /** Where the answers go (`-o`): standard output when undefined or `-`; a file is renamed into place once every line is answered. */
  readonly output?: string;
}

export function answerBatchLine(model: Model, base: PeerStates, text: string, lineNumber: number, explain = false, posture: readonly string[] = []): BatchAnswer {
  try {
    const { query, states } = batchQuestionOf(model, base, text, posture);
    // The line -f json would print (a group answer with its summary), without the line end.
    if (explain) return { line: formatAnswerJson(simulate(model, query, states)).trimEnd(), ok: true };
    if (query.from.kind === 'peer') {
      const brief = simulateBriefPeer(model, query as SimQuery & { from: { kind: 'peer' } }, states);
      return { line: briefPeerLine(brief.query, brief.outcome), ok: true };
    }
    return { line: JSON.stringify(simulateBrief(model, query, states)), ok: true };
  } catch (err) {
    if (err instanceof InputError) return failedLine(lineNumber, err.message);
    throw err;
  }
}

/** Regular batch files up to this size are read at once; larger ones are streamed like a pipe. */
const BATCH_READ_AT_ONCE_BYTES = 64 * 1024 * 1024;

/** Chunks read from a streamed batch input. */
const BATCH_CHUNK_BYTES = 1024 * 1024;

/**
 * Opens the batch input: standard input for `-`, else a readable file or FIFO. A regular file of
 * up to 64 MiB is read at once (its lines are then answered in one synchronous loop; UTF-16 with a
 * byte-order mark is read as text); anything else is streamed (`size`: the file's, for progress).
 */
function openBatch(path: string): { bytes: Uint8Array } | { stream: NodeJS.ReadableStream; size: number } {
  if (path === '-') return { stream: process.stdin, size: 0 };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(`--batch ${path}: ${describeFsError(err)}`);
  }
  const st = fstatSync(fd);
  if (st.isDirectory()) {
    closeSync(fd);
    throw new InputError(`--batch ${path}: is a directory`);
  }
  if (!st.isFile() || st.size > BATCH_READ_AT_ONCE_BYTES) return { stream: createReadStream('', { fd, highWaterMark: BATCH_CHUNK_BYTES }), size: st.isFile() ? st.size : 0 };
  closeSync(fd);
  const bytes = readFileBytes(path);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return { bytes: utf16 ? Buffer.from(decodeText(bytes), 'utf8') : bytes };
}

/** The error answer of a batch line past BATCH_LINE_MAX_BYTES. */
function tooLongMessage(line: TooLongLine): string {
  if (line.endless) return `line has no end within ${BATCH_SKIP_MAX_BYTES} bytes (1 GiB); the rest of the input is not read`;
  return `line is ${line.tooLong} bytes long, more than a question may be (${BATCH_LINE_MAX_BYTES} bytes, 1 MiB); not read`;
}

/** Batches of at least this many lines show progress on a terminal (about a second of answers). */
const PROGRESS_MIN_LINES = 50_000;

/**
 * Runs `routelint simulate --batch`: one question per line of JSON, one answer per line in the same
 * order (blank lines are skipped). The model and the simulator are built once. A line that cannot
 * be answered, or is longer than 1 MiB (load/lines.ts), gets `{"error", "line"}` and the rest go
 * on; the exit code is then 1.
 */
export async function runSimulateBatch(args: SimulateBatchArgs): Promise<number> {
  checkOutputs([{ path: args.output, flag: '-o' }], inputsOf(args));
  const model = await loadAccountForSimulation(args);
  const base = runStates(model, args);
  const input = openBatch(args.batch);
  // The indexes every line uses, built before the first line is read.
  simulatorFor(model);
  const output = openOutput(args.output);
  try {
    const failed = await answerBatch(args, model, base, input, new LineWriter(output.sink));
    await output.finish();
    return failed > 0 ? 1 : 0;
  } catch (err) {
    output.abandon();
    throw err;
  }
}

/** Answers every line of `input` to `out`; returns how many lines failed. */
async function answerBatch(args: SimulateBatchArgs, model: Model, base: PeerStates, input: ReturnType<typeof openBatch>, out: LineWriter): Promise<number> {
  let failed = 0;
  let lineNumber = 0;
  const answer = (batchLine: BatchLine): void => {
    lineNumber++;
    let answered: BatchAnswer;
    if ('tooLong' in batchLine) answered = failedLine(lineNumber, tooLongMessage(batchLine));
    else if (batchLine.text.trim() === '') return;
    else answered = answerBatchLine(model, base, batchLine.text, lineNumber, args.explain ?? false, args.posture ?? []);
    const { line, ok } = answered;
    if (!ok) failed++;
    if (typeof line === 'string') out.write(line);
    else out.writeParts(line.head, line.tail);
  };
  // Line ends as readline splits them (\r\n, \n or a lone \r); a final line end opens no further line.
  const splitter = new LineSplitter();
  const bigExport = args.export !== undefined && exportSize(args.export) > 5e6;
  if ('bytes' in input) {
    const total = countLines(input.bytes);
    // A batch this long, or on an export this big, takes more than a second: a bar on a terminal.
    const progress = progressBar(process.stderr, total >= PROGRESS_MIN_LINES || bigExport);
    const each = (line: BatchLine): void => {
      if (lineNumber % 1024 === 0) progress.update(lineNumber / total, `${lineNumber.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} questions`);
      answer(line);
    };
    splitter.push(input.bytes, each);
    splitter.end(each);
    progress.done();
  } else {
    // A file too large to read at once: a bar by the bytes read.
    const progress = progressBar(process.stderr, input.size > 0);
    let read = 0;
    for await (const chunk of input.stream as AsyncIterable<Uint8Array>) {
      splitter.push(chunk, answer);
      read += chunk.length;
      if (input.size > 0) progress.update(read / input.size, `${lineNumber.toLocaleString('en-US')} questions`);
      // A line that never ends (`/dev/zero`): answered with an error, and nothing more is read.
      if (splitter.done) break;
    }
    splitter.end(answer);
    progress.done();
  }
  await out.end();
  return failed;
}
