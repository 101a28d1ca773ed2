/**
 * PNG files, written and read with node:zlib alone: 8-bit truecolour (colour type 2) or truecolour with alpha (6),
 * no interlacing. Enough to draw the Teams icons and to check any icon the app package is built with.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG colour types this module reads and writes. */
export const COLOUR_TYPE = { rgb: 2, rgba: 6 } as const;
export type ColourType = (typeof COLOUR_TYPE)[keyof typeof COLOUR_TYPE];

/** An image as RGBA bytes, 4 per pixel, row by row; `colourType` says how it is (or is to be) stored. */
export interface Image {
  width: number;
  height: number;
  colourType: ColourType;
  rgba: Uint8Array;
}

export class PngError extends Error {
  override name = 'PngError';
}

const channelsOf = (colourType: ColourType) => (colourType === COLOUR_TYPE.rgba ? 4 : 3);

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** The PNG file of an image; an RGB image drops the alpha bytes, which must then all be 255. */
export function encodePng(image: Image): Buffer {
  const { width, height, colourType, rgba } = image;
  if (rgba.length !== width * height * 4) throw new PngError(`expected ${width * height * 4} RGBA bytes`);
  const channels = channelsOf(colourType);
  const raw = Buffer.alloc(height * (1 + width * channels));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * channels);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      if (channels === 3 && rgba[from + 3] !== 255) throw new PngError(`pixel ${x},${y} is not opaque in an RGB image`);
      for (let c = 0; c < channels; c++) raw[row + 1 + x * channels + c] = rgba[from + c]!;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = colourType;
  // compression 0 (deflate), filter method 0, no interlace
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reads a PNG file (8-bit RGB or RGBA, not interlaced), checking every chunk's CRC; anything else is a PngError. */
export function decodePng(file: Uint8Array): Image {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < SIGNATURE.length || !bytes.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file');
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length && !ended) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new PngError(`the ${type} chunk is cut off`);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) >>> 0 !== bytes.readUInt32BE(offset + 8 + length)) {
      throw new PngError(`the ${type} chunk's CRC is wrong`);
    }
    if (type === 'IHDR') header = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') ended = true;
    offset = end;
  }
  if (!header || !ended || !data.length) throw new PngError('IHDR, IDAT or IEND is missing');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [depth, colourType, , , interlace] = header.subarray(8);
  if (depth !== 8 || (colourType !== COLOUR_TYPE.rgb && colourType !== COLOUR_TYPE.rgba) || interlace !== 0) {
    throw new PngError(`only 8-bit RGB or RGBA without interlacing (got depth ${depth}, colour type ${colourType})`);
  }
  const channels = channelsOf(colourType);
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(data));
  if (raw.length !== height * (stride + 1)) throw new PngError('the image data does not match its size');
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const value = raw[y * (stride + 1) + 1 + i]!;
      const left = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new PngError(`unknown filter type ${filter} in row ${y}`);
      pixels[y * stride + i] = (value + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = pixels[p * channels + c]!;
    rgba[p * 4 + 3] = channels === 4 ? pixels[p * channels + 3]! : 255;
  }
  return { width, height, colourType, rgba };
}
