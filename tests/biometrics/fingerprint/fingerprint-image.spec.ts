import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  decodeFingerprintImage,
  decodeUncompressedGreyTiff,
} from '../../../src/biometrics/fingerprint/fingerprint-image.js';
import { boxMean, dilate } from '../../../src/biometrics/fingerprint/image-filters.js';
import { random } from './synthetic-prints.js';

const width = 37;
const height = 23;
const grey = Buffer.from(Array.from({ length: width * height }, (_, i) => (i * 7) % 256));

/** A baseline TIFF by hand: header, one IFD of SHORT/LONG fields, strips of `rowsPerStrip` rows. */
function handMadeTiff(options: {
  littleEndian: boolean;
  photometric: number;
  rowsPerStrip: number;
}): Uint8Array {
  const strips: number[][] = [];
  for (let row = 0; row < height; row += options.rowsPerStrip) {
    const end = Math.min(height, row + options.rowsPerStrip);
    strips.push([row * width, (end - row) * width]);
  }
  const fields: [number, number, number[]][] = [
    [256, 3, [width]],
    [257, 3, [height]],
    [258, 3, [8]],
    [259, 3, [1]],
    [262, 3, [options.photometric]],
    [273, 4, strips.map(() => 0)],
    [277, 3, [1]],
    [278, 3, [options.rowsPerStrip]],
    [279, 4, strips.map(([, length]) => length!)],
  ];
  const ifdSize = 2 + 12 * fields.length + 4;
  const arrays = 8 * strips.length;
  const pixelStart = 8 + ifdSize + arrays;
  const bytes = new Uint8Array(pixelStart + grey.length);
  const view = new DataView(bytes.buffer);
  const little = options.littleEndian;
  view.setUint16(0, little ? 0x4949 : 0x4d4d);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  view.setUint16(8, fields.length, little);
  let arrayAt = 8 + ifdSize;
  fields.forEach(([tag, type, values], e) => {
    const at = 10 + 12 * e;
    if (tag === 273) values = strips.map(([offset]) => pixelStart + offset!);
    view.setUint16(at, tag, little);
    view.setUint16(at + 2, type, little);
    view.setUint32(at + 4, values.length, little);
    const size = type === 3 ? 2 : 4;
    let target = at + 8;
    if (size * values.length > 4) {
      view.setUint32(at + 8, arrayAt, little);
      target = arrayAt;
      arrayAt += size * values.length;
    }
    values.forEach((v, i) =>
      size === 2 ? view.setUint16(target + 2 * i, v, little) : view.setUint32(target + 4 * i, v, little),
    );
  });
  bytes.set(grey, pixelStart);
  return bytes;
}

describe('direct TIFF reading', () => {
  it.each([
    [true, 1],
    [false, 1],
    [true, 5],
    [false, 7],
  ])('reads an uncompressed grey TIFF (little-endian %s, %i rows a strip)', (littleEndian, rowsPerStrip) => {
    const image = decodeUncompressedGreyTiff(handMadeTiff({ littleEndian, photometric: 1, rowsPerStrip }));
    expect(image).toMatchObject({ width, height });
    expect(Array.from(image!.pixels)).toEqual(Array.from(grey));
  });

  it('turns white-is-zero images the right way round', () => {
    const image = decodeUncompressedGreyTiff(
      handMadeTiff({ littleEndian: true, photometric: 0, rowsPerStrip: 4 }),
    );
    expect(Array.from(image!.pixels)).toEqual(Array.from(grey, (g) => 255 - g));
  });

  it('gives what sharp decodes from the same file', async () => {
    const tiff = await sharp(grey, { raw: { width, height, channels: 1 } })
      .toColourspace('b-w')
      .tiff({ compression: 'none' })
      .toBuffer();
    const direct = decodeUncompressedGreyTiff(tiff);
    expect(direct).toBeDefined();
    expect(Array.from(direct!.pixels)).toEqual(Array.from(grey));
    expect(await decodeFingerprintImage(tiff)).toEqual(direct);
  });

  it('leaves compressed, colour and truncated files to sharp', async () => {
    const raw = sharp(grey, { raw: { width, height, channels: 1 } }).toColourspace('b-w');
    expect(
      decodeUncompressedGreyTiff(await raw.clone().tiff({ compression: 'lzw' }).toBuffer()),
    ).toBeUndefined();
    expect(decodeUncompressedGreyTiff(await raw.clone().png().toBuffer())).toBeUndefined();
    const colour = await sharp(Buffer.alloc(width * height * 3, 90), { raw: { width, height, channels: 3 } })
      .tiff({ compression: 'none' })
      .toBuffer();
    expect(decodeUncompressedGreyTiff(colour)).toBeUndefined();
    const whole = handMadeTiff({ littleEndian: true, photometric: 1, rowsPerStrip: 4 });
    expect(decodeUncompressedGreyTiff(whole.subarray(0, whole.length - 10))).toBeUndefined();
    // The compressed file still decodes, through sharp.
    const lzw = await decodeFingerprintImage(await raw.clone().tiff({ compression: 'lzw' }).toBuffer());
    expect(Array.from(lzw.pixels)).toEqual(Array.from(grey));
  });
});

describe('dilation', () => {
  it('marks exactly the pixels whose window holds a set pixel, as a box mean above zero does', () => {
    const next = random(3);
    const [w, h] = [41, 29];
    const binary = Uint8Array.from({ length: w * h }, () => (next() < 0.01 ? 1 : 0));
    binary[0] = 1;
    binary[w * h - 1] = 1;
    for (const radius of [1, 4, 10]) {
      const mean = boxMean(Float32Array.from(binary), w, h, radius);
      expect(Array.from(dilate(binary, w, h, radius))).toEqual(Array.from(mean, (m) => (m > 0 ? 1 : 0)));
    }
  });
});
