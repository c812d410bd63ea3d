/**
 * ISO/IEC 19794-2:2005 finger minutiae record, encoded and decoded byte for byte. Layout (all
 * integers big-endian): a 24-byte header ("FMR\0", " 20\0", 4-byte record length, 4-bit
 * capture-equipment certification + 12-bit device type, image width and height, x and y
 * resolution in pixels per centimetre, number of finger views, reserved byte); then per view a
 * 4-byte header (finger position, 4-bit view number + 4-bit impression type, finger quality,
 * minutia count), 6 bytes per minutia (2-bit type + 14-bit x, 2 reserved bits + 14-bit y, angle
 * in 256ths of a circle, quality) and a 2-byte extended-data length followed by that data.
 */
import { FingerprintRecordError, RecordReader } from './iso-record-reader.js';

export { FingerprintRecordError } from './iso-record-reader.js';

const FORMAT_ID = [0x46, 0x4d, 0x52, 0x00] as const; // "FMR\0"
const VERSION = [0x20, 0x32, 0x30, 0x00] as const; // " 20\0"
const HEADER_BYTES = 24;
const VIEW_HEADER_BYTES = 4;
const MINUTIA_BYTES = 6;

export const ISO_MINUTIA_TYPE_CODES = { other: 0, ending: 1, bifurcation: 2 } as const;
export type IsoMinutiaType = keyof typeof ISO_MINUTIA_TYPE_CODES;

export type IsoMinutia = {
  readonly type: IsoMinutiaType;
  readonly x: number;
  readonly y: number;
  /** 0–255, in units of 360/256 = 1.40625 degrees, counter-clockwise from the x axis. */
  readonly angle: number;
  readonly quality: number;
};

export type IsoFingerView = {
  /** ISO finger position code: 0 unknown, 1 right thumb … 10 left little finger. */
  readonly fingerPosition: number;
  readonly viewNumber: number;
  /** 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe. */
  readonly impressionType: number;
  readonly quality: number;
  readonly minutiae: readonly IsoMinutia[];
  /** Extended data blocks (ridge counts, core and delta), carried through unread. */
  readonly extendedData: Uint8Array;
};

export type IsoFingerprintRecord = {
  readonly captureEquipmentCertification: number;
  readonly captureDeviceType: number;
  readonly width: number;
  readonly height: number;
  /** Pixels per centimetre (500 dpi = 197). */
  readonly xResolution: number;
  readonly yResolution: number;
  readonly views: readonly IsoFingerView[];
};

function recordLength(record: IsoFingerprintRecord): number {
  return record.views.reduce(
    (sum, view) =>
      sum + VIEW_HEADER_BYTES + MINUTIA_BYTES * view.minutiae.length + 2 + view.extendedData.length,
    HEADER_BYTES,
  );
}

function checkRange(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new FingerprintRecordError(`${name} must be an integer from 0 to ${max}, got ${value}`);
  }
  return value;
}

export function encodeFingerprintRecord(record: IsoFingerprintRecord): Uint8Array {
  const bytes = new Uint8Array(recordLength(record));
  const view = new DataView(bytes.buffer);
  bytes.set(FORMAT_ID, 0);
  bytes.set(VERSION, 4);
  view.setUint32(8, bytes.length);
  view.setUint16(
    12,
    (checkRange('capture equipment certification', record.captureEquipmentCertification, 0xf) << 12) |
      checkRange('capture device type', record.captureDeviceType, 0xfff),
  );
  view.setUint16(14, checkRange('image width', record.width, 0xffff));
  view.setUint16(16, checkRange('image height', record.height, 0xffff));
  view.setUint16(18, checkRange('x resolution', record.xResolution, 0xffff));
  view.setUint16(20, checkRange('y resolution', record.yResolution, 0xffff));
  bytes[22] = checkRange('number of finger views', record.views.length, 0xff);
  let at = HEADER_BYTES;
  for (const finger of record.views) {
    bytes[at] = checkRange('finger position', finger.fingerPosition, 0xff);
    bytes[at + 1] =
      (checkRange('view number', finger.viewNumber, 0xf) << 4) |
      checkRange('impression type', finger.impressionType, 0xf);
    bytes[at + 2] = checkRange('finger quality', finger.quality, 100);
    bytes[at + 3] = checkRange('number of minutiae', finger.minutiae.length, 0xff);
    at += VIEW_HEADER_BYTES;
    for (const m of finger.minutiae) {
      view.setUint16(at, (ISO_MINUTIA_TYPE_CODES[m.type] << 14) | checkRange('minutia x', m.x, 0x3fff));
      view.setUint16(at + 2, checkRange('minutia y', m.y, 0x3fff));
      bytes[at + 4] = checkRange('minutia angle', m.angle, 0xff);
      bytes[at + 5] = checkRange('minutia quality', m.quality, 100);
      at += MINUTIA_BYTES;
    }
    view.setUint16(at, checkRange('extended data length', finger.extendedData.length, 0xffff));
    bytes.set(finger.extendedData, at + 2);
    at += 2 + finger.extendedData.length;
  }
  return bytes;
}

function decodeMinutia(reader: RecordReader, index: number): IsoMinutia {
  const typeAndX = reader.uint16(`minutia ${index} x`);
  const reservedAndY = reader.uint16(`minutia ${index} y`);
  const code = typeAndX >> 14;
  const type = (Object.keys(ISO_MINUTIA_TYPE_CODES) as IsoMinutiaType[]).find(
    (t) => ISO_MINUTIA_TYPE_CODES[t] === code,
  );
  if (type === undefined)
    throw new FingerprintRecordError(`minutia ${index} has the reserved type code ${code}`);
  if (reservedAndY >> 14 !== 0)
    throw new FingerprintRecordError(`minutia ${index} sets the reserved bits of y`);
  const angle = reader.uint8(`minutia ${index} angle`);
  const quality = reader.uint8(`minutia ${index} quality`);
  if (quality > 100) throw new FingerprintRecordError(`minutia ${index} quality ${quality} is above 100`);
  return { type, x: typeAndX & 0x3fff, y: reservedAndY, angle, quality };
}

function decodeView(reader: RecordReader, index: number): IsoFingerView {
  const fingerPosition = reader.uint8(`finger view ${index} position`);
  const numberAndImpression = reader.uint8(`finger view ${index} impression type`);
  const quality = reader.uint8(`finger view ${index} quality`);
  if (quality > 100) throw new FingerprintRecordError(`finger view ${index} quality ${quality} is above 100`);
  const count = reader.uint8(`finger view ${index} minutia count`);
  const minutiae = Array.from({ length: count }, (_, i) => decodeMinutia(reader, i));
  const extendedData = reader.bytes(
    reader.uint16(`finger view ${index} extended data length`),
    `finger view ${index} extended data`,
  );
  return {
    fingerPosition,
    viewNumber: numberAndImpression >> 4,
    impressionType: numberAndImpression & 0xf,
    quality,
    minutiae,
    extendedData,
  };
}

export function decodeFingerprintRecord(bytes: Uint8Array): IsoFingerprintRecord {
  const reader = new RecordReader(bytes);
  reader.expect(FORMAT_ID, 'format identifier "FMR\\0"');
  reader.expect(VERSION, 'version " 20\\0" (ISO/IEC 19794-2:2005)');
  const length = reader.uint32('record length');
  if (length !== bytes.length) {
    throw new FingerprintRecordError(
      `the record length field says ${length} bytes but ${bytes.length} were given`,
    );
  }
  const equipment = reader.uint16('capture equipment');
  const header = {
    captureEquipmentCertification: equipment >> 12,
    captureDeviceType: equipment & 0xfff,
    width: reader.uint16('image width'),
    height: reader.uint16('image height'),
    xResolution: reader.uint16('x resolution'),
    yResolution: reader.uint16('y resolution'),
  };
  const viewCount = reader.uint8('number of finger views');
  if (reader.uint8('reserved byte') !== 0)
    throw new FingerprintRecordError('the reserved header byte must be 0');
  const views = Array.from({ length: viewCount }, (_, i) => decodeView(reader, i));
  if (reader.remaining() !== 0)
    throw new FingerprintRecordError(`${reader.remaining()} bytes follow the last finger view`);
  return { ...header, views };
}
