/**
 * Decoding a fingerprint scan (TIFF, PNG, JPEG, anything sharp reads) into one grey channel of
 * floats, the layout every stage of the extractor works on.
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

/** Decodes to grey levels, resampled by `scale` (e.g. 500 / 1000 for a 1000 dpi scan). */
export async function decodeFingerprintImage(bytes: Uint8Array, scale = 1): Promise<GreyImage> {
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
