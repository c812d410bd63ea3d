import { describe, expect, it } from 'vitest';
import {
  templateFromIsoRecord,
  templateToIsoRecord,
} from '../../../src/biometrics/fingerprint/fingerprint-record.js';
import {
  FingerprintRecordError,
  decodeFingerprintRecord,
  encodeFingerprintRecord,
  type IsoFingerprintRecord,
} from '../../../src/biometrics/fingerprint/iso-19794-2-record.js';
import { randomTemplate } from './synthetic-prints.js';

const record: IsoFingerprintRecord = {
  captureEquipmentCertification: 1,
  captureDeviceType: 0x123,
  width: 296,
  height: 560,
  xResolution: 197,
  yResolution: 197,
  views: [
    {
      fingerPosition: 2,
      viewNumber: 0,
      impressionType: 0,
      quality: 87,
      minutiae: [
        { type: 'ending', x: 10, y: 20, angle: 0, quality: 90 },
        { type: 'bifurcation', x: 295, y: 559, angle: 255, quality: 40 },
        { type: 'other', x: 150, y: 300, angle: 128, quality: 0 },
      ],
      extendedData: new Uint8Array([0, 1, 0, 4, 9, 9]),
    },
  ],
};

describe('ISO/IEC 19794-2:2005 record', () => {
  it('lays out the header, the finger view and each minutia as the standard says', () => {
    const bytes = encodeFingerprintRecord(record);
    expect(bytes.length).toBe(24 + 4 + 3 * 6 + 2 + 6);
    expect([...bytes.subarray(0, 8)]).toEqual([0x46, 0x4d, 0x52, 0, 0x20, 0x32, 0x30, 0]);
    expect([...bytes.subarray(8, 12)]).toEqual([0, 0, 0, bytes.length]);
    expect([...bytes.subarray(12, 24)]).toEqual([0x11, 0x23, 1, 40, 2, 48, 0, 197, 0, 197, 1, 0]);
    expect([...bytes.subarray(24, 28)]).toEqual([2, 0, 87, 3]);
    // Ending: type 01 in the top two bits of x.
    expect([...bytes.subarray(28, 34)]).toEqual([0x40, 10, 0, 20, 0, 90]);
    // Bifurcation: type 10.
    expect([...bytes.subarray(34, 40)]).toEqual([0x81, 0x27, 0x02, 0x2f, 255, 40]);
  });

  it('decodes to the record it was encoded from, and re-encodes byte for byte', () => {
    const bytes = encodeFingerprintRecord(record);
    const decoded = decodeFingerprintRecord(bytes);
    expect(decoded).toEqual(record);
    expect(encodeFingerprintRecord(decoded)).toEqual(bytes);
  });

  it('carries a template through a record to 1.40625° and one pixel', () => {
    const template = randomTemplate(7);
    const bytes = templateToIsoRecord(template, { fingerPosition: 7 });
    const back = templateFromIsoRecord(bytes);
    expect(back.minutiae).toHaveLength(template.minutiae.length);
    back.minutiae.forEach((m, i) => {
      const original = template.minutiae[i]!;
      expect(Math.abs(m.x - original.x)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(m.y - original.y)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(Math.sin((m.angle - original.angle) / 2))).toBeLessThan(Math.PI / 256 / 2 + 1e-9);
      expect(m.type).toBe(original.type);
    });
    expect(back.resolutionDpi).toBe(500);
    expect(templateToIsoRecord(back, { fingerPosition: 7 })).toEqual(bytes);
  });

  describe('refuses malformed records with a FingerprintRecordError naming the problem', () => {
    const good = encodeFingerprintRecord(record);
    const altered = (change: (bytes: Uint8Array) => void) => {
      const bytes = Uint8Array.from(good);
      change(bytes);
      return bytes;
    };
    it.each([
      ['an empty buffer', new Uint8Array(0), /before the format identifier/],
      ['a wrong format identifier', altered((b) => (b[0] = 0x41)), /format identifier/],
      ['another version', altered((b) => (b[5] = 0x33)), /version/],
      ['a record length that disagrees', altered((b) => (b[11] = b[11]! + 1)), /record length field says/],
      ['a truncated minutia', good.subarray(0, 30), /record length field says/],
      ['the reserved minutia type', altered((b) => (b[28] = b[28]! | 0xc0)), /reserved type code 3/],
      ['a quality above 100', altered((b) => (b[26] = 101)), /quality 101/],
      [
        'trailing bytes',
        (() => {
          const b = new Uint8Array(good.length + 2);
          b.set(good);
          new DataView(b.buffer).setUint32(8, b.length);
          return b;
        })(),
        /2 bytes follow/,
      ],
    ])('%s', (_, bytes, message) => {
      expect(() => decodeFingerprintRecord(bytes)).toThrow(FingerprintRecordError);
      expect(() => decodeFingerprintRecord(bytes)).toThrow(message);
    });

    it('a record whose length field covers a truncated body', () => {
      const truncated = Uint8Array.from(good.subarray(0, 30));
      new DataView(truncated.buffer).setUint32(8, truncated.length);
      expect(() => decodeFingerprintRecord(truncated)).toThrow(/ends at byte 30, before the minutia 0 y/);
    });
  });

  it('refuses to encode values the format cannot hold', () => {
    expect(() => encodeFingerprintRecord({ ...record, width: 70_000 })).toThrow(FingerprintRecordError);
  });
});
