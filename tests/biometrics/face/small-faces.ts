/**
 * The shared test data of the face tests: 8 people × 5 tight crops (../shared/data/faces/small)
 * and the models (FACE_MODELS_DIR or ../shared/models). Suites skip, saying why, when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

export const MODELS_DIR = resolve(process.env.FACE_MODELS_DIR ?? '../shared/models');
export const SMALL_DIR = resolve('../shared/data/faces/small');
export const PEOPLE = [
  'amy',
  'bernadette',
  'howard',
  'leonard',
  'penny',
  'raj',
  'sheldon',
  'stuart',
] as const;

export const faceDataMissing = ((): string | undefined => {
  if (!existsSync(join(MODELS_DIR, 'mobilefacenet_128d.onnx')))
    return `face models not found in ${MODELS_DIR}`;
  if (!existsSync(join(SMALL_DIR, 'amy', 'amy1.png'))) return `face test images not found in ${SMALL_DIR}`;
  return undefined;
})();

if (faceDataMissing !== undefined) console.warn(`skipping face tests: ${faceDataMissing}`);

export function facePhoto(person: string, n: number): Buffer {
  return readFileSync(join(SMALL_DIR, person, `${person}${n}.png`));
}

/** A plain grey picture: nothing a detector could call a face. */
export function noFacePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .jpeg()
    .toBuffer();
}

/** Two people side by side in one picture. */
export function twoFacePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 150, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([
      { input: facePhoto('amy', 1), left: 0, top: 0 },
      { input: facePhoto('raj', 1), left: 150, top: 0 },
    ])
    .png()
    .toBuffer();
}

/** Enrolment uses photos 1, 3 and 5 of each person; verification the other two. */
export const ENROL_PHOTOS = [1, 3, 5] as const;
export const PROBE_PHOTOS = [2, 4] as const;
