/**
 * HTTP helpers of the biometric routes: base64 images to bytes, Wiegand frames to card
 * numbers, and the mapping of refused samples to 422 (or 503 while face recognition is
 * unavailable).
 */
import { BiometricSampleError, type WiegandDecoder } from '../../commands/biometric/biometric-ports.js';
import { ServiceUnavailableError, UnprocessableError, ValidationError } from '../http-errors.js';

/** Image routes accept bodies this large (several base64 photos); others keep the 1 MiB default. */
export const IMAGE_BODY_LIMIT = 40 * 1024 * 1024;

export function imageBytes(base64: string, path: string): Uint8Array {
  const comma = base64.startsWith('data:') ? base64.indexOf(',') : -1;
  const bytes = Buffer.from(comma >= 0 ? base64.slice(comma + 1) : base64, 'base64');
  if (bytes.length < 8) throw new ValidationError([{ path, message: 'Must be a base64 JPEG or PNG image.' }]);
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

export function modalityNotEnabled(): never {
  throw new UnprocessableError(
    'MODALITY_NOT_ENABLED',
    'Fingerprint matching is not enabled yet; enrol and verify by face or card.',
  );
}
