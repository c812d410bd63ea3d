/**
 * Decoding a fingerprint scan (TIFF, PNG, JPEG, anything sharp reads) into one grey channel of
 * floats, the layout every stage of the extractor works on. Uncompressed 8-bit grey TIFF, what
 * fingerprint sensors commonly deliver, is read directly (TIFF 6.0 baseline: the image file
 * header, the first IFD and its strips), which costs a tenth of a millisecond where sharp's
 * pipeline costs several; every other file goes through sharp.
 */
import sharp, { type OutputInfo } from 'sharp';

export type GreyImage = {
  readonly width: number;
  readonly height: number;
  /** Row-major grey levels, 0 (black) to 255 (white). */
  readonly pixels: Float32Array;
};

/** Larger scans are refused before decoding, so a hostile image cannot exhaust memory. */
const MAX_INPUT_PIXELS = 4_000_000;

export class FingerprintImageError extends Error {
  readonly code = 'FINGERPRINT_IMAGE_UNREADABLE';
  constructor(detail: string) {
    super(`the fingerprint image could not be decoded: ${detail}`);
    this.name = 'FingerprintImageError';
  }
}

const TAG = {
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  stripOffsets: 273,
  samplesPerPixel: 277,
  stripByteCounts: 279,
} as const;

/**
 * An uncompressed 8-bit one-sample TIFF (black or white is zero) as grey levels; undefined for
 * any other file, or one whose fields or strips do not add up, which sharp then reads or refuses.
 */
export function decodeUncompressedGreyTiff(bytes: Uint8Array): GreyImage | undefined {
  if (bytes.length < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return undefined;
  const little = order === 0x4949;
  if (view.getUint16(2, little) !== 42) return undefined;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > bytes.length) return undefined;
  const entries = view.getUint16(ifd, little);
  if (ifd + 2 + 12 * entries > bytes.length) return undefined;
  const fields = new Map<number, number[]>();
  for (let e = 0; e < entries; e++) {
    const at = ifd + 2 + 12 * e;
    const tag = view.getUint16(at, little);
    const type = view.getUint16(at + 2, little);
    const count = view.getUint32(at + 4, little);
    // SHORT (3) and LONG (4) values; fields of other types are not among those read here.
    const size = type === 3 ? 2 : type === 4 ? 4 : 0;
    if (size === 0 || count === 0 || count > 65_536) continue;
    const start = size * count <= 4 ? at + 8 : view.getUint32(at + 8, little);
    if (start + size * count > bytes.length) return undefined;
    const values: number[] = [];
    for (let i = 0; i < count; i++)
      values.push(size === 2 ? view.getUint16(start + 2 * i, little) : view.getUint32(start + 4 * i, little));
    fields.set(tag, values);
  }
  const one = (tag: number, fallback?: number) => fields.get(tag)?.[0] ?? fallback;
  const width = one(TAG.width) ?? 0;
  const height = one(TAG.height) ?? 0;
  const photometric = one(TAG.photometric);
  const offsets = fields.get(TAG.stripOffsets);
  const counts = fields.get(TAG.stripByteCounts);
  const plain =
    one(TAG.bitsPerSample) === 8 &&
    one(TAG.compression, 1) === 1 &&
    one(TAG.samplesPerPixel, 1) === 1 &&
    (photometric === 0 || photometric === 1);
  if (!plain || width === 0 || height === 0 || width * height > MAX_INPUT_PIXELS) return undefined;
  if (offsets === undefined || counts === undefined || offsets.length !== counts.length) return undefined;
  const pixels = new Float32Array(width * height);
  let filled = 0;
  for (let s = 0; s < offsets.length && filled < pixels.length; s++) {
    const from = offsets[s]!;
    const length = Math.min(counts[s]!, pixels.length - filled);
    if (from + length > bytes.length) return undefined;
    for (let i = 0; i < length; i++) pixels[filled + i] = bytes[from + i]!;
    filled += length;
  }
  if (filled < pixels.length) return undefined;
  if (photometric === 0) for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - pixels[i]!;
  return { width, height, pixels };
}

/** Decodes to grey levels, resampled by `scale` (e.g. 500 / 1000 for a 1000 dpi scan). */
export async function decodeFingerprintImage(bytes: Uint8Array, scale = 1): Promise<GreyImage> {
  const direct = scale === 1 ? decodeUncompressedGreyTiff(bytes) : undefined;
  if (direct !== undefined) return direct;
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    let pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).flatten({ background: '#ffffff' });
    if (scale !== 1) {
      const { width = 0 } = await pipeline.metadata();
      pipeline = pipeline.resize({ width: Math.max(1, Math.round(width * scale)), kernel: 'lanczos3' });
    }
    decoded = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new FingerprintImageError(error instanceof Error ? error.message : String(error));
  }
  const { data, info } = decoded;
  const pixels = new Float32Array(info.width * info.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = data[i * info.channels]!;
  return { width: info.width, height: info.height, pixels };
}
