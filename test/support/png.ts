// Shrinks a browser screenshot for the README: decodes Chromium's 8-bit RGB(A) PNG, reduces it to
// a 256-colour palette (the page's most frequent colours exactly, the rest by median cut over the
// colour histogram) and encodes it again. A page of text and flat colours keeps its look at about
// a third of the bytes.
import { crc32, deflateSync, inflateSync } from 'node:zlib';

interface Rgb {
  readonly width: number;
  readonly height: number;
  /** 3 bytes per pixel, rows top to bottom. */
  readonly pixels: Buffer;
}

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a non-interlaced 8-bit RGB or RGBA PNG (what Chromium writes); alpha is dropped. */
export function decodePng(png: Buffer): Rgb {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const length = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const body = png.subarray(off + 8, off + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`unsupported PNG (bit depth ${depth}, colour type ${colour}, interlace ${interlace})`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') data.push(body);
    off += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(width * height * 3);
  let prev = Buffer.alloc(stride);
  let cur = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const x = line[i]!;
      cur[i] = (filter === 0 ? x : filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : x + paeth(a, b, c)) & 255;
    }
    for (let x = 0; x < width; x++) cur.copy(pixels, (y * width + x) * 3, x * channels, x * channels + 3);
    [prev, cur] = [cur, prev];
  }
  return { width, height, pixels };
}

type Entry = readonly [colour: number, count: number];

const channel = (colour: number, shift: number) => (colour >> shift) & 255;

function rangeOf(box: readonly Entry[], shift: number): number {
  let lo = 255;
  let hi = 0;
  for (const [c] of box) {
    const v = channel(c, shift);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/** Median cut: splits the box with the widest, most used colour range at its weighted median. */
function medianCut(histogram: readonly Entry[], size: number): number[][] {
  const boxes: Entry[][] = histogram.length > 0 ? [[...histogram]] : [];
  while (boxes.length < size) {
    let best = -1;
    let bestScore = 0;
    boxes.forEach((box, i) => {
      if (box.length < 2) return;
      const score = Math.max(rangeOf(box, 16), rangeOf(box, 8), rangeOf(box, 0)) * Math.sqrt(box.reduce((n, [, k]) => n + k, 0));
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    if (best < 0) break;
    const box = boxes[best]!;
    const shift = [16, 8, 0].reduce((s, t) => (rangeOf(box, t) > rangeOf(box, s) ? t : s));
    box.sort((x, y) => channel(x[0], shift) - channel(y[0], shift) || x[0] - y[0]);
    const total = box.reduce((n, [, k]) => n + k, 0);
    let seen = 0;
    let cut = 1;
    for (let i = 0; i < box.length - 1; i++) {
      seen += box[i]![1];
      if (seen >= total / 2) {
        cut = i + 1;
        break;
      }
    }
    boxes.splice(best, 1, box.slice(0, cut), box.slice(cut));
  }
  return boxes.map((box) => {
    const total = box.reduce((n, [, k]) => n + k, 0);
    return [16, 8, 0].map((s) => Math.round(box.reduce((n, [c, k]) => n + channel(c, s) * k, 0) / total));
  });
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([head, typed, crc]);
}

/** The image as an 8-bit palette PNG of at most 256 colours; `exact` of them are the most frequent colours as they are. */
export function quantizePng(png: Buffer, exact = 64): Buffer {
  const { width, height, pixels } = decodePng(png);
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels.length; i += 3) {
    const c = (pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const byUse: Entry[] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = byUse.slice(0, exact);
  const palette = [...kept.map(([c]) => [channel(c, 16), channel(c, 8), channel(c, 0)]), ...medianCut(byUse.slice(exact), 256 - kept.length)];
  const index = new Map<number, number>();
  for (const c of counts.keys()) {
    let best = 0;
    let bestDistance = Infinity;
    palette.forEach(([r, g, b], i) => {
      const d = (r! - channel(c, 16)) ** 2 + (g! - channel(c, 8)) ** 2 + (b! - channel(c, 0)) ** 2;
      if (d < bestDistance) [best, bestDistance] = [i, d];
    });
    index.set(c, best);
  }
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[y * (width + 1) + 1 + x] = index.get((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!)!;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 3;
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('PLTE', Buffer.from(palette.flat())), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
