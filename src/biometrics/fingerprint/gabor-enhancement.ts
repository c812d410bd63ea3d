/**
 * Contextual ridge enhancement with an oriented Gabor filter tuned to the local ridge period
 * (Hong, Wan & Jain 1998), realised as two 1-D passes (Areekul et al. 2005, "Separable Gabor
 * filter realization for fast fingerprint enhancement"): a Gaussian along the ridge, which
 * bridges small breaks and smooths noise, then a Gabor band-pass across it, which restores the
 * ridge/valley wave. Orientations and periods are quantised so the taps come from a small bank.
 */
import { dilate } from './image-filters.js';
import { FREQUENCY_BLOCK, type RidgePeriodMap } from './ridge-frequency.js';

const ORIENTATION_BINS = 32;
const ALONG_SIGMA = 4;
const ALONG_RADIUS = 8;
/** Every second tap along the ridge: the ridge flow is smooth along its length, so half the taps do. */
const ALONG_STEP = 2;
const PERIOD_STEP = 0.5;
const MAX_ACROSS_RADIUS = 10;
/** Gaussian width across the ridge as a share of the period (0.38 measured best of 0.32–0.45). */
const ACROSS_SIGMA_PER_PERIOD = 0.38;

/** Filter taps on a line through the pixel; `offset` is dy·width + dx for the unclipped path. */
type Taps = {
  readonly dx: Int32Array;
  readonly dy: Int32Array;
  readonly offset: Int32Array;
  readonly weight: Float32Array;
  readonly radius: number;
};

function lineTaps(theta: number, radius: number, width: number, weightAt: (k: number) => number): Taps {
  const taps: number[][] = [];
  for (let k = -radius; k <= radius; k++) {
    const w = weightAt(k);
    const dx = Math.round(k * Math.cos(theta));
    const dy = Math.round(k * Math.sin(theta));
    if (w !== 0) taps.push([dx, dy, w]);
  }
  return {
    dx: Int32Array.from(taps, (t) => t[0]!),
    dy: Int32Array.from(taps, (t) => t[1]!),
    offset: Int32Array.from(taps, (t) => t[1]! * width + t[0]!),
    weight: Float32Array.from(taps, (t) => t[2]!),
    radius,
  };
}

/** Zero-mean Gabor profile across the ridge for one period, so flat regions answer zero. */
function gaborWeights(period: number): (k: number) => number {
  const sigma = ACROSS_SIGMA_PER_PERIOD * period;
  const radius = Math.min(MAX_ACROSS_RADIUS, Math.ceil(2.2 * sigma));
  const raw: number[] = [];
  for (let k = -radius; k <= radius; k++)
    raw.push(Math.exp((-k * k) / (2 * sigma * sigma)) * Math.cos((2 * Math.PI * k) / period));
  const envelope = raw.map((_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const dc = raw.reduce((s, v) => s + v, 0) / envelope.reduce((s, v) => s + v, 0);
  return (k) => (Math.abs(k) > radius ? 0 : raw[k + radius]! - dc * envelope[k + radius]!);
}

/** The filter response at pixel i = (x, y); taps falling outside the image read its edge. */
function applyTaps(
  src: Float32Array,
  width: number,
  height: number,
  x: number,
  y: number,
  taps: Taps,
): number {
  const { weight, offset, radius } = taps;
  const i = y * width + x;
  let sum = 0;
  if (x >= radius && y >= radius && x < width - radius && y < height - radius) {
    for (let k = 0; k < weight.length; k++) sum += weight[k]! * src[i + offset[k]!]!;
    return sum;
  }
  for (let k = 0; k < weight.length; k++) {
    const sx = Math.min(width - 1, Math.max(0, x + taps.dx[k]!));
    const sy = Math.min(height - 1, Math.max(0, y + taps.dy[k]!));
    sum += weight[k]! * src[sy * width + sx]!;
  }
  return sum;
}

/** The nearest of ORIENTATION_BINS directions to `theta` in [0, π) (a power of two, so the wrap is a mask). */
function orientationBin(theta: number): number {
  return ((theta * (ORIENTATION_BINS / Math.PI) + 0.5) | 0) & (ORIENTATION_BINS - 1);
}

/** Periods (in PERIOD_STEP units) the across-ridge bank covers; longer ones use the longest. */
const PERIOD_KEYS = Math.ceil(20 / PERIOD_STEP) + 1;

type FilterBank = {
  readonly along: readonly Taps[];
  /** By period key × ORIENTATION_BINS + orientation bin, made on first use. */
  readonly across: (Taps | undefined)[];
};

/** Tap offsets depend on the row length, so banks are kept per image width (a sensor has one). */
const banks = new Map<number, FilterBank>();

function filterBank(width: number): FilterBank {
  let bank = banks.get(width);
  if (bank === undefined) {
    const along: Taps[] = [];
    for (let b = 0; b < ORIENTATION_BINS; b++) {
      along.push(
        lineTaps((b * Math.PI) / ORIENTATION_BINS, ALONG_RADIUS, width, (k) =>
          k % ALONG_STEP === 0 ? ALONG_STEP * Math.exp((-k * k) / (2 * ALONG_SIGMA ** 2)) : 0,
        ),
      );
    }
    bank = { along, across: new Array<Taps | undefined>(PERIOD_KEYS * ORIENTATION_BINS).fill(undefined) };
    if (banks.size >= 8) banks.clear();
    banks.set(width, bank);
  }
  return bank;
}

export function enhanceRidges(
  image: Float32Array,
  orientation: Float32Array,
  periods: RidgePeriodMap,
  mask: Uint8Array,
  width: number,
  height: number,
): Float32Array {
  const { along, across } = filterBank(width);
  const bins = new Uint8Array(image.length);
  for (let i = 0; i < bins.length; i++) bins[i] = orientationBin(orientation[i]!);
  // The band-pass across the ridge reads the along-ridge pass up to MAX_ACROSS_RADIUS outside the print.
  const nearPrint = dilate(mask, width, height, MAX_ACROSS_RADIUS);
  // The across-ridge filter's period key per FREQUENCY_BLOCK block, times ORIENTATION_BINS.
  const blockKey = Int32Array.from(
    periods.period,
    (p) => Math.min(PERIOD_KEYS - 1, Math.round(p / PERIOD_STEP)) * ORIENTATION_BINS,
  );
  const smoothed = new Float32Array(image.length);
  for (let y = 0; y < height; y++) {
    const inner = y >= ALONG_RADIUS && y < height - ALONG_RADIUS;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (nearPrint[i] === 0) continue;
      const taps = along[bins[i]!]!;
      if (inner && x >= ALONG_RADIUS && x < width - ALONG_RADIUS) {
        const { weight, offset } = taps;
        let sum = 0;
        for (let k = 0; k < weight.length; k++) sum += weight[k]! * image[i + offset[k]!]!;
        smoothed[i] = sum;
      } else smoothed[i] = applyTaps(image, width, height, x, y, taps);
    }
  }
  const out = new Float32Array(image.length);
  for (let y = 0; y < height; y++) {
    const blockRow = Math.floor(y / FREQUENCY_BLOCK) * periods.columns;
    const inner = y >= MAX_ACROSS_RADIUS && y < height - MAX_ACROSS_RADIUS;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] !== 1) continue;
      const bin = bins[i]!;
      const key = blockKey[blockRow + ((x / FREQUENCY_BLOCK) | 0)]! + bin;
      let taps = across[key];
      if (taps === undefined) {
        const theta = (bin * Math.PI) / ORIENTATION_BINS + Math.PI / 2;
        const period = ((key - bin) / ORIENTATION_BINS) * PERIOD_STEP;
        taps = lineTaps(theta, MAX_ACROSS_RADIUS, width, gaborWeights(period));
        across[key] = taps;
      }
      if (inner && x >= MAX_ACROSS_RADIUS && x < width - MAX_ACROSS_RADIUS) {
        const { weight, offset } = taps;
        let sum = 0;
        for (let k = 0; k < weight.length; k++) sum += weight[k]! * smoothed[i + offset[k]!]!;
        out[i] = sum;
      } else out[i] = applyTaps(smoothed, width, height, x, y, taps);
    }
  }
  return out;
}
