/**
 * Impression quality and the enrolment quality bar. The score combines ridge clarity (mean
 * orientation coherence over the print, the local-clarity feature NFIQ 2 also uses) with how
 * much of the finger was captured; the bar adds a minimum number of minutiae, below which a
 * minutiae matcher cannot tell fingers apart reliably.
 */

/** Usable print area at 500 dpi below which matching degrades sharply (about 9 × 9 mm). */
const MIN_AREA_PIXELS_500DPI = 180 * 180;
const MIN_MINUTIAE = 12;
const MIN_QUALITY = 20;

export type QualityInputs = {
  /** Foreground pixels of the print. */
  readonly foregroundArea: number;
  /** Mean orientation coherence over the print, 0–1. */
  readonly ridgeClarity: number;
  readonly resolutionDpi: number;
  readonly minutiaCount: number;
};

function areaAt500(inputs: QualityInputs): number {
  return inputs.foregroundArea * (500 / inputs.resolutionDpi) ** 2;
}

/** 0–100: clarity 0.25 (noise) to 0.75 (clean ridges), scaled down for small captures. */
export function impressionQuality(inputs: QualityInputs): number {
  const clarity = Math.min(1, Math.max(0, (inputs.ridgeClarity - 0.25) / 0.5));
  const coverage = Math.min(1, areaAt500(inputs) / (2 * MIN_AREA_PIXELS_500DPI));
  return Math.round(100 * clarity * Math.sqrt(coverage));
}

export type QualityVerdict =
  { readonly acceptable: true } | { readonly acceptable: false; readonly reason: string };

/** Whether a print is good enough to enrol or to match; the reason is shown to the person. */
export function assessFingerprintQuality(inputs: QualityInputs): QualityVerdict {
  if (areaAt500(inputs) < MIN_AREA_PIXELS_500DPI) {
    return {
      acceptable: false,
      reason: 'too little of the finger was captured; press the whole fingertip flat on the sensor',
    };
  }
  const quality = impressionQuality(inputs);
  if (quality < MIN_QUALITY) {
    return {
      acceptable: false,
      reason: `the ridges are too unclear (quality ${quality}, at least ${MIN_QUALITY} needed); clean and dry the finger and the sensor`,
    };
  }
  if (inputs.minutiaCount < MIN_MINUTIAE) {
    return {
      acceptable: false,
      reason: `too few ridge features were found (${inputs.minutiaCount}, at least ${MIN_MINUTIAE} needed); place the finger again`,
    };
  }
  return { acceptable: true };
}
