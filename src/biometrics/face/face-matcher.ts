/**
 * The quality gates between the face engine and the use cases. Enrolment is strict: exactly
 * one face, at least MIN_FACE_PX wide, detector confidence at least MIN_ENROL_SCORE, so a
 * template is never built from a blurred, tiny or ambiguous photo. A probe takes the largest
 * face (the person at the camera) and only needs it to be found.
 */
import type { FaceMatcher, FaceSample } from '../../commands/biometric/biometric-ports.js';
import type { FaceEngine } from './face-engine.js';
import { ImageDecodeError, type RgbImage } from './image-decode.js';
import type { FaceDetection } from './yunet-detector.js';

/** Below ~60 px across, alignment has too few pixels for a reliable 112×112 face. */
export const MIN_FACE_PX = 60;
export const MIN_ENROL_SCORE = 0.75;

export function faceMatcher(engine: FaceEngine): FaceMatcher {
  async function prepare(
    bytes: Uint8Array,
  ): Promise<{ image: RgbImage; faces: FaceDetection[] } | undefined> {
    try {
      const image = await engine.decode(bytes);
      return { image, faces: await engine.detect(image) };
    } catch (error) {
      if (error instanceof ImageDecodeError) return undefined;
      throw error;
    }
  }

  return {
    modelVersion: engine.modelVersion,
    enrolmentSample: async (bytes): Promise<FaceSample> => {
      const found = await prepare(bytes);
      if (found === undefined) return { ok: false, reason: 'UNREADABLE_IMAGE' };
      const { image, faces } = found;
      if (faces.length === 0) return { ok: false, reason: 'NO_FACE' };
      if (faces.length > 1) return { ok: false, reason: 'MULTIPLE_FACES' };
      const face = faces[0]!;
      if (Math.min(face.width, face.height) < MIN_FACE_PX || face.score < MIN_ENROL_SCORE)
        return { ok: false, reason: 'LOW_QUALITY' };
      return { ok: true, embedding: await engine.embed(image, face), quality: round3(face.score) };
    },
    probeSample: async (bytes): Promise<FaceSample> => {
      const found = await prepare(bytes);
      if (found === undefined) return { ok: false, reason: 'UNREADABLE_IMAGE' };
      const largest = [...found.faces].sort((a, b) => b.width * b.height - a.width * a.height)[0];
      if (largest === undefined) return { ok: false, reason: 'NO_FACE' };
      return {
        ok: true,
        embedding: await engine.embed(found.image, largest),
        quality: round3(largest.score),
      };
    },
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
