/**
 * The biometric infrastructure the system holds: the face engine (loaded once at start, or
 * unavailable with a reason that is logged and answered as 503), the fingerprint engine, the
 * in-memory face and fingerprint indexes and their sync with the log.
 */
import type { FastifyBaseLogger } from 'fastify';
import type {
  FaceAvailability,
  FingerprintIndex,
  FingerprintMatcher,
} from '../commands/biometric/biometric-ports.js';
import type { EventLog } from '../eventstore/event-log.js';
import { createEmbeddingIndex, type EmbeddingIndex } from './face/embedding-index.js';
import { loadFaceEngine } from './face/face-engine.js';
import { faceMatcher } from './face/face-matcher.js';
import { createOnnxTopK } from './face/onnx-topk-search.js';
import { createFingerprintIndex } from './fingerprint-index.js';
import { fingerprintMatcher } from './fingerprint-matcher.js';
import { startTemplateIndexSync, type IndexSync } from './template-index-sync.js';

export type BiometricRuntime = {
  readonly face: FaceAvailability;
  readonly index: EmbeddingIndex;
  readonly fingerprint: FingerprintMatcher;
  readonly fingerprints: FingerprintIndex;
  readonly sync: IndexSync;
  readonly faceThreshold: number;
  readonly close: () => Promise<void>;
};

export async function openBiometrics(
  options: { readonly modelsDir: string | undefined; readonly faceThreshold: number },
  log: EventLog,
  logger: FastifyBaseLogger,
): Promise<BiometricRuntime> {
  const status = await loadFaceEngine(options.modelsDir);
  const face: FaceAvailability = status.available
    ? { available: true, matcher: faceMatcher(status.engine) }
    : { available: false, reason: status.reason };
  if (status.available) logger.info({ modelVersion: status.engine.modelVersion }, 'face recognition ready');
  else logger.warn(`face recognition disabled: ${status.reason}; biometric face routes answer 503`);
  const index = createEmbeddingIndex(1024, await createOnnxTopK(1));
  const fingerprints = createFingerprintIndex();
  const sync = await startTemplateIndexSync(log, { face: index, fingerprint: fingerprints }, logger);
  return {
    face,
    index,
    fingerprint: fingerprintMatcher(),
    fingerprints,
    sync,
    faceThreshold: options.faceThreshold,
    close: () => sync.close(),
  };
}
