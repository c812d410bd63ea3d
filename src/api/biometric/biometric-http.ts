/**
 * HTTP helpers of the biometric routes: base64 images and fingerprint records to bytes,
 * Wiegand frames to card numbers, and the mapping of refused samples to 422 (or 503 while
 * face recognition is unavailable).
 */
import { BiometricSampleError, type WiegandDecoder } from '../../commands/biometric/biometric-ports.js';
import { ServiceUnavailableError, UnprocessableError, ValidationError } from '../http-errors.js';

/** Image routes accept bodies this large (several base64 photos); others keep the 1 MiB default. */
export const IMAGE_BODY_LIMIT = 40 * 1024 * 1024;

export function imageBytes(base64: string, path: string): Uint8Array {
  const comma = base64.startsWith('data:') ? base64.indexOf(',') : -1;
  const bytes = Buffer.from(comma >= 0 ? base64.slice(comma + 1) : base64, 'base64');
  if (bytes.length < 8) throw new ValidationError([{ path, message: 'Must be a base64 image.' }]);
  return bytes;
}

export function cardFrom(
  input: {
    readonly cardNumber?: string | undefined;
    readonly wiegand?: string | undefined;
    readonly facilityCode?: number | undefined;
  },
  decode: WiegandDecoder,
): { cardNumber: string; facilityCode: number | null } {
  if (input.wiegand === undefined)
    return {
      cardNumber: normaliseCardNumber(input.cardNumber ?? ''),
      facilityCode: input.facilityCode ?? null,
    };
  const decoded = decode(input.wiegand);
  if (!decoded.ok)
    throw new UnprocessableError(
      decoded.reason,
      'The Wiegand frame fails its parity check (H10301); read the card again.',
    );
  return { cardNumber: String(decoded.card.cardNumber), facilityCode: decoded.card.facilityCode };
}

/** Leading zeros are not part of a card's identity: "00042" and "42" are the same card. */
function normaliseCardNumber(cardNumber: string): string {
  return String(Number.parseInt(cardNumber, 10));
}

export async function asHttp<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof BiometricSampleError)) throw error;
    if (error.code === 'FACE_UNAVAILABLE')
      throw new ServiceUnavailableError(
        'FACE_UNAVAILABLE',
        `Face recognition is unavailable: ${error.message}`,
      );
    throw new UnprocessableError(error.code, error.message);
  }
}

/** A fingerprint sample: a scan (base64 TIFF, PNG or JPEG) or an ISO/IEC 19794-2 record (base64). */
export function fingerprintFrom(
  input: { readonly image?: string | undefined; readonly template?: string | undefined },
  path: string,
): { readonly image: Uint8Array } | { readonly record: Uint8Array } {
  if ((input.image === undefined) === (input.template === undefined))
    throw new ValidationError([{ path, message: 'A fingerprint sample needs image or template (one).' }]);
  if (input.image !== undefined) return { image: imageBytes(input.image, `${path}.image`) };
  const record = Buffer.from(input.template!, 'base64');
  if (record.length === 0)
    throw new ValidationError([
      { path: `${path}.template`, message: 'Must be a base64 ISO/IEC 19794-2 record.' },
    ]);
  return { record };
}
