import { describe, expect, it } from 'vitest';
import { decodeH10301, encodeH10301 } from '../../../src/biometrics/card/wiegand.js';

describe('H10301 26-bit Wiegand', () => {
  it('decodes facility code and card number from a frame with good parity', () => {
    // Facility 18, card 12345: even parity 0 over bits 1–12, odd parity 1 over bits 13–24.
    const frame = '0' + '00010010' + '0011000000111001' + '1';
    expect(decodeH10301(frame)).toEqual({ ok: true, card: { facilityCode: 18, cardNumber: 12345 } });
    expect(encodeH10301({ facilityCode: 18, cardNumber: 12345 })).toBe(frame);
  });

  it('round-trips the extremes', () => {
    for (const card of [
      { facilityCode: 0, cardNumber: 0 },
      { facilityCode: 255, cardNumber: 65535 },
      { facilityCode: 1, cardNumber: 1 },
    ])
      expect(decodeH10301(encodeH10301(card))).toEqual({ ok: true, card });
  });

  it('refuses a frame with either parity bit wrong, or a single flipped data bit', () => {
    const good = encodeH10301({ facilityCode: 42, cardNumber: 4242 });
    const flip = (i: number) => good.slice(0, i) + (good[i] === '1' ? '0' : '1') + good.slice(i + 1);
    for (const i of [0, 3, 12, 13, 20, 25])
      expect(decodeH10301(flip(i))).toEqual({ ok: false, reason: 'BAD_PARITY' });
  });

  it('refuses anything but 26 binary digits', () => {
    expect(decodeH10301('0101')).toEqual({ ok: false, reason: 'BAD_FORMAT' });
    expect(decodeH10301('2'.repeat(26))).toEqual({ ok: false, reason: 'BAD_FORMAT' });
  });
});
