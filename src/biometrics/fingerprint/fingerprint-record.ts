/**
 * Templates to and from ISO/IEC 19794-2:2005 bytes, the form the template store keeps. One
 * finger view per record; angles are quantised to 256ths of a circle (1.40625°), positions to
 * whole pixels, so a template that went through a record comes back equal to that precision.
 */
import {
  FingerprintRecordError,
  decodeFingerprintRecord,
  encodeFingerprintRecord,
} from './iso-19794-2-record.js';
import { TWO_PI, normaliseAngle, type FingerprintTemplate } from './fingerprint-template.js';

const ANGLE_UNITS = 256;
const CM_PER_INCH = 2.54;

export type FingerDescription = {
  /** ISO finger position: 0 unknown (the default), 1 right thumb … 10 left little finger. */
  readonly fingerPosition?: number;
  /** 0 live-scan plain (the default), 1 live-scan rolled, 8 swipe. */
  readonly impressionType?: number;
  /** Vendor's capture device type id, 0 (the default) when unknown. */
  readonly captureDeviceType?: number;
};

function clampQuality(q: number): number {
  return Math.min(100, Math.max(0, Math.round(q)));
}

export function templateToIsoRecord(
  template: FingerprintTemplate,
  finger: FingerDescription = {},
): Uint8Array {
  const resolution = Math.round(template.resolutionDpi / CM_PER_INCH);
  return encodeFingerprintRecord({
    captureEquipmentCertification: 0,
    captureDeviceType: finger.captureDeviceType ?? 0,
    width: template.width,
    height: template.height,
    xResolution: resolution,
    yResolution: resolution,
    views: [
      {
        fingerPosition: finger.fingerPosition ?? 0,
        viewNumber: 0,
        impressionType: finger.impressionType ?? 0,
        quality: clampQuality(template.quality),
        minutiae: template.minutiae.map((m) => ({
          type: m.type,
          x: Math.round(m.x),
          y: Math.round(m.y),
          angle: Math.round((normaliseAngle(m.angle) / TWO_PI) * ANGLE_UNITS) % ANGLE_UNITS,
          quality: clampQuality(m.quality),
        })),
        extendedData: new Uint8Array(0),
      },
    ],
  });
}

/** The first finger view of a record as a template; throws FingerprintRecordError when malformed. */
export function templateFromIsoRecord(bytes: Uint8Array): FingerprintTemplate {
  const record = decodeFingerprintRecord(bytes);
  const view = record.views[0];
  if (view === undefined) throw new FingerprintRecordError('the record holds no finger view');
  if (record.xResolution === 0) throw new FingerprintRecordError('the x resolution is 0');
  return {
    width: record.width,
    height: record.height,
    resolutionDpi: Math.round(record.xResolution * CM_PER_INCH),
    quality: view.quality,
    minutiae: view.minutiae.map((m) => ({
      type: m.type,
      x: m.x,
      y: m.y,
      angle: (m.angle * TWO_PI) / ANGLE_UNITS,
      quality: m.quality,
    })),
  };
}
