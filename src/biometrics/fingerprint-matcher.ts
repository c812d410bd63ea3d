/**
 * The fingerprint engine (src/biometrics/fingerprint) behind the biometric ports: a scan is
 * decoded, enhanced and reduced to minutiae, refused below the quality bar with the reason,
 * and kept as an ISO/IEC 19794-2 record; a record given by a reader is checked and kept as is.
 */
import type { FingerprintMatcher, FingerprintSample } from '../commands/biometric/biometric-ports.js';
import { extractFingerprint } from './fingerprint/fingerprint-extractor.js';
import { FingerprintImageError } from './fingerprint/fingerprint-image.js';
import { templateFromIsoRecord, templateToIsoRecord } from './fingerprint/fingerprint-record.js';
import { FingerprintRecordError } from './fingerprint/iso-19794-2-record.js';
import { FINGERPRINT_MATCH_THRESHOLD } from './fingerprint/fingerprint-verify.js';

/**
 * Names the extractor and matcher (local structures of 16 neighbours) in every decision
 * recorded. @2: clipped contrast normalisation, overlap-normalised scores (a new score scale).
 */
export const FINGERPRINT_MODEL_VERSION = 'crm-minutiae-ls16@2';

/** Fewer minutiae than this in a given record cannot identify a finger. */
const MIN_RECORD_MINUTIAE = 12;

export function fingerprintMatcher(): FingerprintMatcher {
  return {
    modelVersion: FINGERPRINT_MODEL_VERSION,
    threshold: FINGERPRINT_MATCH_THRESHOLD,
    sample: (input) =>
      'image' in input ? fromImage(input.image) : Promise.resolve(fromRecord(input.record)),
  };
}

async function fromImage(image: Uint8Array): Promise<FingerprintSample> {
  try {
    const { template, verdict } = await extractFingerprint(image);
    if (!verdict.acceptable)
      return { ok: false, reason: 'LOW_QUALITY', detail: `The print is not usable: ${verdict.reason}.` };
    return { ok: true, record: templateToIsoRecord(template), quality: template.quality / 100 };
  } catch (error) {
    if (error instanceof FingerprintImageError)
      return {
        ok: false,
        reason: 'UNREADABLE_IMAGE',
        detail: 'The image is not a readable TIFF, PNG, JPEG or BMP.',
      };
    throw error;
  }
}

function fromRecord(record: Uint8Array): FingerprintSample {
  try {
    const template = templateFromIsoRecord(record);
    if (template.minutiae.length < MIN_RECORD_MINUTIAE)
      return {
        ok: false,
        reason: 'LOW_QUALITY',
        detail: `The template holds ${template.minutiae.length} minutiae; at least ${MIN_RECORD_MINUTIAE} are needed.`,
      };
    return { ok: true, record, quality: template.quality / 100 };
  } catch (error) {
    if (error instanceof FingerprintRecordError)
      return {
        ok: false,
        reason: 'MALFORMED_TEMPLATE',
        detail: `The template is not a valid ISO/IEC 19794-2 record: ${error.message}`,
      };
    throw error;
  }
}
