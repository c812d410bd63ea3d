/**
 * The fingerprint template: what the extractor produces, the matcher compares and the ISO/IEC
 * 19794-2 record stores. Coordinates are pixels from the top-left corner; angles are radians
 * in [0, 2π), counter-clockwise with y pointing down the image (as ISO 19794-2 counts them).
 */

export const MINUTIA_TYPES = ['ending', 'bifurcation', 'other'] as const;
export type MinutiaType = (typeof MINUTIA_TYPES)[number];

export type Minutia = {
  readonly x: number;
  readonly y: number;
  /** Direction in radians, [0, 2π): an ending points away from its ridge, a bifurcation towards its stem. */
  readonly angle: number;
  readonly type: MinutiaType;
  /** 0–100, from the clarity of the ridges around it. */
  readonly quality: number;
};

export type FingerprintTemplate = {
  readonly width: number;
  readonly height: number;
  /** Pixels per inch of the image the minutiae came from. */
  readonly resolutionDpi: number;
  /** 0–100, the whole impression's quality. */
  readonly quality: number;
  readonly minutiae: readonly Minutia[];
};

export const TWO_PI = 2 * Math.PI;

/** The angle brought into [0, 2π). */
export function normaliseAngle(angle: number): number {
  const a = angle % TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}

/** The smallest absolute difference between two directions, in [0, π]. */
export function angleDifference(a: number, b: number): number {
  const d = Math.abs(normaliseAngle(a - b));
  return d > Math.PI ? TWO_PI - d : d;
}
