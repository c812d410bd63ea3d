/**
 * The face engine: loads the two ONNX models once (sessions are reused for every request),
 * checks they are the models the pipeline expects, and turns an image into detections and
 * embeddings. When a model is missing or wrong the engine is `unavailable` with a reason:
 * biometric routes answer 503 with it while the rest of the system runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { alignFace } from './face-align.js';
import { decodeImage, type RgbImage } from './image-decode.js';
import { embedFace, EMBEDDING_SIZE } from './mobilefacenet-embedder.js';
import { detectFaces, YUNET_OUTPUTS, type FaceDetection } from './yunet-detector.js';

export const DETECTOR_FILE = 'face_detection_yunet_2026may.onnx';
export const RECOGNIZER_FILE = 'mobilefacenet_128d.onnx';

export type FaceEngine = {
  /** Names both models and their content hashes; kept with every template and decision. */
  readonly modelVersion: string;
  readonly decode: (bytes: Uint8Array) => Promise<RgbImage>;
  readonly detect: (image: RgbImage) => Promise<FaceDetection[]>;
  readonly embed: (image: RgbImage, face: FaceDetection) => Promise<Float32Array>;
};

export type FaceEngineStatus =
  | { readonly available: true; readonly engine: FaceEngine }
  | { readonly available: false; readonly reason: string };

export async function loadFaceEngine(modelsDir: string | undefined): Promise<FaceEngineStatus> {
  if (modelsDir === undefined || !existsSync(modelsDir))
    return unavailable(
      `face models folder not found (set FACE_MODELS_DIR; looked at ${modelsDir ?? 'nothing'})`,
    );
  const detectorPath = join(modelsDir, DETECTOR_FILE);
  const recognizerPath = join(modelsDir, RECOGNIZER_FILE);
  for (const path of [detectorPath, recognizerPath])
    if (!existsSync(path)) return unavailable(`face model missing: ${path}`);
  let detector: InferenceSession;
  let recognizer: InferenceSession;
  try {
    const options: InferenceSession.SessionOptions = { intraOpNumThreads: 1, graphOptimizationLevel: 'all' };
    detector = await ort.InferenceSession.create(detectorPath, options);
    recognizer = await ort.InferenceSession.create(recognizerPath, options);
  } catch {
    return unavailable('a face model file could not be loaded by onnxruntime (corrupt or not ONNX)');
  }
  const problem = wrongModel(detector, recognizer);
  if (problem !== undefined) return unavailable(problem);
  const modelVersion = `yunet@${hashPrefix(detectorPath)}+mobilefacenet128@${hashPrefix(recognizerPath)}`;
  return {
    available: true,
    engine: {
      modelVersion,
      decode: decodeImage,
      detect: (image) => detectFaces(detector, image),
      embed: (image, face) => embedFace(recognizer, alignFace(image, face.landmarks)),
    },
  };
}

function wrongModel(detector: InferenceSession, recognizer: InferenceSession): string | undefined {
  const missing = YUNET_OUTPUTS.filter((name) => !detector.outputNames.includes(name));
  if (missing.length > 0) return `${DETECTOR_FILE} is not a YuNet detector (no output ${missing[0]})`;
  const input = recognizer.inputMetadata[0];
  const shape = input !== undefined && input.isTensor ? input.shape : [];
  if (shape.length !== 4 || shape[2] !== 112 || shape[3] !== 112)
    return `${RECOGNIZER_FILE} does not take 112×112 faces`;
  const output = recognizer.outputMetadata[0];
  const outShape = output !== undefined && output.isTensor ? output.shape : [];
  if (outShape.at(-1) !== EMBEDDING_SIZE)
    return `${RECOGNIZER_FILE} does not give ${EMBEDDING_SIZE}-d embeddings`;
  return undefined;
}

function hashPrefix(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
}

function unavailable(reason: string): FaceEngineStatus {
  return { available: false, reason };
}
