/**
 * Decoding a submitted photo into plain RGB pixels with sharp: EXIF rotation applied, alpha
 * dropped (flattened on white), grey expanded to three channels. Everything downstream works
 * on this one layout, so a PNG from a kiosk and a phone JPEG are treated alike.
 */
import sharp from 'sharp';

export type RgbImage = {
  /** Row-major RGB, 3 bytes per pixel. */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
};

/** Larger photos are refused before decoding, so a hostile image cannot exhaust memory. */
const MAX_INPUT_PIXELS = 40_000_000;

export class ImageDecodeError extends Error {
  constructor() {
    super('the image could not be decoded as JPEG or PNG');
    this.name = 'ImageDecodeError';
  }
}

export async function decodeImage(bytes: Uint8Array): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new ImageDecodeError();
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch {
    throw new ImageDecodeError();
  }
}

/** A resized copy (bilinear) for the detector, which wants at most 640 px on the longer side. */
export async function resizeImage(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === image.width && height === image.height) return image;
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}
