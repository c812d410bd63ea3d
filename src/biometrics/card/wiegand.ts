/**
 * HID H10301 26-bit Wiegand: an even parity bit over bits 1–12, an 8-bit facility code, a
 * 16-bit card number, and an odd parity bit over bits 13–24. A frame with either parity
 * wrong was misread on the wire and must not open anything.
 */

export type WiegandCard = { readonly facilityCode: number; readonly cardNumber: number };

export type WiegandResult =
  | { readonly ok: true; readonly card: WiegandCard }
  | { readonly ok: false; readonly reason: 'BAD_FORMAT' | 'BAD_PARITY' };

const FRAME = /^[01]{26}$/;

export function decodeH10301(frame: string): WiegandResult {
  if (!FRAME.test(frame)) return { ok: false, reason: 'BAD_FORMAT' };
  const bits = [...frame].map((c) => (c === '1' ? 1 : 0));
  const ones = (from: number, to: number) => bits.slice(from, to).reduce<number>((s, b) => s + b, 0);
  const evenOk = ones(0, 13) % 2 === 0;
  const oddOk = ones(13, 26) % 2 === 1;
  if (!evenOk || !oddOk) return { ok: false, reason: 'BAD_PARITY' };
  return {
    ok: true,
    card: { facilityCode: parseInt(frame.slice(1, 9), 2), cardNumber: parseInt(frame.slice(9, 25), 2) },
  };
}

/** The frame a reader would send for a card: for tests, and to print on card records. */
export function encodeH10301(card: WiegandCard): string {
  const payload =
    card.facilityCode.toString(2).padStart(8, '0') + card.cardNumber.toString(2).padStart(16, '0');
  const ones = (s: string) => [...s].filter((c) => c === '1').length;
  const even = ones(payload.slice(0, 12)) % 2 === 0 ? '0' : '1';
  const odd = ones(payload.slice(12)) % 2 === 0 ? '1' : '0';
  return even + payload + odd;
}
