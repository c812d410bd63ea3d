/**
 * The fingerprint engine (this folder) owns scans → minutiae templates → ISO/IEC 19794-2 bytes
 * → match scores; storage, encryption and HTTP belong to the biometric module that calls it.
 * Entry points: extractFingerprint (here), templateToIsoRecord / templateFromIsoRecord
 * (fingerprint-record.ts), verifyFingerprint (fingerprint-verify.ts) and identify with
 * galleryEntry (fingerprint-identify.ts).
 *
 * This file is the extractor: segmentation and contrast normalisation, gradient orientation
 * field, ridge period, separable Gabor enhancement, binarisation, thinning, minutiae by crossing
 * number, false-minutiae removal, and the quality figures the enrolment bar needs. Scans are
 * worked on at 500 dpi; others are resampled to it.
 */
import { removeSmallComponents } from './binary-cleanup.js';
import { decodeFingerprintImage, type GreyImage } from './fingerprint-image.js';
import { assessFingerprintQuality, impressionQuality, type QualityVerdict } from './fingerprint-quality.js';
import type { FingerprintTemplate, Minutia } from './fingerprint-template.js';
import { enhanceRidges } from './gabor-enhancement.js';
import { detectMinutiae } from './minutiae-detection.js';
import { removeFalseMinutiae } from './minutiae-filtering.js';
import { estimateOrientation } from './orientation-field.js';
import { estimateRidgePeriod } from './ridge-frequency.js';
import { localStatistics, normaliseContrast, pixelMask, segmentBlocks } from './segmentation.js';
import { thin } from './thinning.js';

/** The resolution every stage's distances are tuned for; other scans are resampled to it. */
export const WORKING_DPI = 500;

/** Ridge specks and valley holes smaller than these (pixels at 500 dpi) are noise. */
const SMALLEST_RIDGE_AREA = 40;
const SMALLEST_VALLEY_AREA = 40;

export type FingerprintExtraction = {
  readonly template: FingerprintTemplate;
  readonly foregroundArea: number;
  /** Mean orientation coherence over the print, 0–1. */
  readonly ridgeClarity: number;
  readonly verdict: QualityVerdict;
};

export type ExtractionOptions = { readonly resolutionDpi?: number };

/** Image bytes (TIFF, PNG, JPEG, …) to a template and its quality verdict. */
export async function extractFingerprint(
  bytes: Uint8Array,
  options: ExtractionOptions = {},
): Promise<FingerprintExtraction> {
  const dpi = options.resolutionDpi ?? WORKING_DPI;
  return extractFromImage(await decodeFingerprintImage(bytes, WORKING_DPI / dpi));
}

/** A decoded 500 dpi grey image to a template and its quality verdict. */
export function extractFromImage(image: GreyImage): FingerprintExtraction {
  const { width, height } = image;
  const statistics = localStatistics(image);
  const normalised = normaliseContrast(image, statistics);
  const mask = pixelMask(segmentBlocks(image, statistics), width, height);
  const field = estimateOrientation(normalised, width, height);
  const periods = estimateRidgePeriod(normalised, field.orientation, mask, width, height);
  const enhanced = enhanceRidges(normalised, field.orientation, periods, mask, width, height);
  const ridges = new Uint8Array(enhanced.length);
  for (let i = 0; i < ridges.length; i++) ridges[i] = mask[i] === 1 && enhanced[i]! > 0 ? 1 : 0;
  removeSmallComponents(ridges, width, height, 1, SMALLEST_RIDGE_AREA);
  removeSmallComponents(ridges, width, height, 0, SMALLEST_VALLEY_AREA);
  const skeleton = thin(ridges, width, height);
  const candidates = removeFalseMinutiae(
    detectMinutiae(skeleton, mask, field.orientation, width, height),
    mask,
    width,
    height,
  );

  let foregroundArea = 0;
  let coherenceSum = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    foregroundArea++;
    coherenceSum += field.coherence[i]!;
  }
  const ridgeClarity = foregroundArea > 0 ? coherenceSum / foregroundArea : 0;
  const minutiae: Minutia[] = candidates.map(({ x, y, type, angle }) => ({
    x,
    y,
    type,
    angle,
    quality: Math.round(100 * Math.min(1, field.coherence[y * width + x]! / 0.8)),
  }));
  const inputs = { foregroundArea, ridgeClarity, resolutionDpi: WORKING_DPI, minutiaCount: minutiae.length };
  const template = {
    width,
    height,
    resolutionDpi: WORKING_DPI,
    quality: impressionQuality(inputs),
    minutiae,
  };
  return { template, foregroundArea, ridgeClarity, verdict: assessFingerprintQuality(inputs) };
}
