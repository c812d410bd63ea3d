/**
 * 1:N search as one onnxruntime graph: Gemm (probes × templatesᵀ) then TopK, which runs the
 * matrix product in optimised multi-threaded kernels. The tiny ONNX model is written here
 * byte by byte (protobuf wire format), so no model file or protobuf library is needed; the
 * template matrix is passed as an input on each run, without copying it.
 */
import * as ort from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { EMBEDDING_SIZE } from './mobilefacenet-embedder.js';

export type OnnxTopK = {
  readonly search: (
    matrix: Float32Array,
    n: number,
    probe: Float32Array,
    k: number,
  ) => Promise<{ row: number; score: number }[]>;
};

export async function createOnnxTopK(threads = 0): Promise<OnnxTopK> {
  const session: InferenceSession = await ort.InferenceSession.create(topKModel(), {
    intraOpNumThreads: threads,
    graphOptimizationLevel: 'all',
  });
  return {
    search: async (matrix, n, probe, k) => {
      const kk = Math.min(k, n);
      if (kk === 0) return [];
      const out = await session.run({
        M: new ort.Tensor('float32', matrix.subarray(0, n * EMBEDDING_SIZE), [n, EMBEDDING_SIZE]),
        q: new ort.Tensor('float32', probe, [1, EMBEDDING_SIZE]),
        K: new ort.Tensor('int64', BigInt64Array.from([BigInt(kk)]), [1]),
      });
      const values = out.values!.data as Float32Array;
      const indices = out.indices!.data as BigInt64Array;
      return Array.from({ length: kk }, (_, i) => ({ row: Number(indices[i]), score: values[i]! }));
    },
  };
}

// --- protobuf wire format, just what an ONNX ModelProto needs ---
const FLOAT = 1;
const INT64 = 7;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 127) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, value: number) => [...key(field, 0), ...varint(value)];
const bytes = (field: number, body: number[]) => [...key(field, 2), ...varint(body.length), ...body];
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')]);

function valueInfo(name: string, elemType: number, dims: (number | string)[]): number[] {
  const dim = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, dim)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

function node(op: string, inputs: string[], outputs: string[], attributes: number[][] = []): number[] {
  return [
    ...inputs.flatMap((i) => str(1, i)),
    ...outputs.flatMap((o) => str(2, o)),
    ...str(4, op),
    ...attributes.flatMap((a) => bytes(5, a)),
  ];
}

/** An INT attribute (AttributeProto type 2). */
const intAttribute = (name: string, value: number) => [...str(1, name), ...int(3, value), ...int(20, 2)];

export function topKModel(): Uint8Array {
  const graph = [
    ...bytes(1, node('Gemm', ['q', 'M'], ['S'], [intAttribute('transB', 1)])),
    ...bytes(1, node('TopK', ['S', 'K'], ['values', 'indices'], [intAttribute('axis', 1)])),
    ...str(2, 'topk_search'),
    ...bytes(11, valueInfo('M', FLOAT, ['N', EMBEDDING_SIZE])),
    ...bytes(11, valueInfo('q', FLOAT, [1, EMBEDDING_SIZE])),
    ...bytes(11, valueInfo('K', INT64, [1])),
    ...bytes(12, valueInfo('values', FLOAT, [1, 'k'])),
    ...bytes(12, valueInfo('indices', INT64, [1, 'k'])),
  ];
  const model = [...int(1, 8), ...bytes(8, [...str(1, ''), ...int(2, 13)]), ...bytes(7, graph)];
  return Uint8Array.from(model);
}
