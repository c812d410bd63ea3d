/**
 * Bounds-checked big-endian reading for the ISO/IEC 19794-2 decoder, and the error every
 * malformed record ends in: a message that names the field that could not be read.
 */

export class FingerprintRecordError extends Error {
  readonly code = 'FINGERPRINT_RECORD_MALFORMED';
  constructor(detail: string) {
    super(`malformed ISO/IEC 19794-2 fingerprint record: ${detail}`);
    this.name = 'FingerprintRecordError';
  }
}

export class RecordReader {
  private at = 0;
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  private take(size: number, field: string): number {
    if (this.at + size > this.data.length) {
      throw new FingerprintRecordError(`the record ends at byte ${this.data.length}, before the ${field}`);
    }
    const start = this.at;
    this.at += size;
    return start;
  }

  uint8(field: string): number {
    return this.view.getUint8(this.take(1, field));
  }

  uint16(field: string): number {
    return this.view.getUint16(this.take(2, field));
  }

  uint32(field: string): number {
    return this.view.getUint32(this.take(4, field));
  }

  bytes(size: number, field: string): Uint8Array {
    const start = this.take(size, field);
    return this.data.slice(start, start + size);
  }

  expect(expected: readonly number[], field: string): void {
    const start = this.take(expected.length, field);
    if (expected.some((b, i) => this.data[start + i] !== b))
      throw new FingerprintRecordError(`expected the ${field}`);
  }

  remaining(): number {
    return this.data.length - this.at;
  }
}
