/**
 * YuNet face detection (OpenCV Zoo) on onnxruntime: BGR float input padded to multiples of
 * 32, anchor-free decoding per stride 8/16/32, then non-maximum suppression. The decoding
 * follows shared/models/MANIFEST.md, the pipeline the published figures were measured with.
 */
import * as ort from 'onnxruntime-node';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { resizeImage, type RgbImage } from './image-decode.js';

export type Point = readonly [number, number];

export type FaceDetection = {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly score: number;
  /** Right eye (image left), left eye, nose tip, right and left mouth corners, in image pixels. */
  readonly landmarks: readonly [Point, Point, Point, Point, Point];
};

const MAX_SIDE = 640;
const STRIDES = [8, 16, 32] as const;
const SCORE_THRESHOLD = 0.6;
const NMS_IOU = 0.3;

export const YUNET_OUTPUTS = STRIDES.flatMap((s) => [`cls_${s}`, `obj_${s}`, `bbox_${s}`, `kps_${s}`]);

export async function detectFaces(session: InferenceSession, image: RgbImage): Promise<FaceDetection[]> {
  const scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const small = await resizeImage(image, width, height);
  const padW = Math.ceil(width / 32) * 32;
  const padH = Math.ceil(height / 32) * 32;
  const input = new ort.Tensor('float32', toBgrPlanes(small, padW, padH), [1, 3, padH, padW]);
  const outputs = await session.run({ input });
  const found: FaceDetection[] = [];
  for (const stride of STRIDES) found.push(...decodeStride(outputs, stride, padW / stride, padH / stride));
  return nms(found).map((face) => rescale(face, width / image.width, height / image.height));
}

function toBgrPlanes(image: RgbImage, padW: number, padH: number): Float32Array {
  const plane = padW * padH;
  const out = new Float32Array(3 * plane);
  const { data, width, height } = image;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 3;
      const dst = y * padW + x;
      out[dst] = data[src + 2]!;
      out[plane + dst] = data[src + 1]!;
      out[2 * plane + dst] = data[src]!;
    }
  }
  return out;
}

type Outputs = InferenceSession.OnnxValueMapType;

function decodeStride(outputs: Outputs, s: number, cols: number, rows: number): FaceDetection[] {
  const cls = floats(outputs[`cls_${s}`]);
  const obj = floats(outputs[`obj_${s}`]);
  const bbox = floats(outputs[`bbox_${s}`]);
  const kps = floats(outputs[`kps_${s}`]);
  const faces: FaceDetection[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const score = Math.sqrt(clamp01(cls[i]!) * clamp01(obj[i]!));
      if (score < SCORE_THRESHOLD) continue;
      const cx = (c + bbox[i * 4]!) * s;
      const cy = (r + bbox[i * 4 + 1]!) * s;
      const w = Math.exp(bbox[i * 4 + 2]!) * s;
      const h = Math.exp(bbox[i * 4 + 3]!) * s;
      const point = (k: number): Point => [
        (kps[i * 10 + 2 * k]! + c) * s,
        (kps[i * 10 + 2 * k + 1]! + r) * s,
      ];
      const landmarks = [point(0), point(1), point(2), point(3), point(4)] as const;
      faces.push({ x: cx - w / 2, y: cy - h / 2, width: w, height: h, score, landmarks });
    }
  }
  return faces;
}

function floats(value: OrtTensor | undefined): Float32Array {
  if (value === undefined) throw new Error('YuNet output missing');
  return value.data as Float32Array;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function nms(faces: FaceDetection[]): FaceDetection[] {
  const sorted = [...faces].sort((a, b) => b.score - a.score);
  const kept: FaceDetection[] = [];
  for (const face of sorted) if (kept.every((k) => iou(k, face) <= NMS_IOU)) kept.push(face);
  return kept;
}

function iou(a: FaceDetection, b: FaceDetection): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

function rescale(face: FaceDetection, sx: number, sy: number): FaceDetection {
  const p = (q: Point): Point => [q[0] / sx, q[1] / sy];
  const [a, b, c, d, e] = face.landmarks;
  return {
    x: face.x / sx,
    y: face.y / sy,
    width: face.width / sx,
    height: face.height / sy,
    score: face.score,
    landmarks: [p(a), p(b), p(c), p(d), p(e)],
  };
}
