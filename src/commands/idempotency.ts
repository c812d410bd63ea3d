/**
 * Idempotency keys: the first request with a key runs and its result is kept; a retry with
 * the same key and the same request gets that result back and changes nothing; the same key
 * with a different request is refused. Results must hold no personal data (ids only).
 */
export type IdempotencyStore = {
  /** Runs `work` once per (scope, key); later calls return the stored result. */
  readonly run: <T>(claim: IdempotencyClaim, work: () => Promise<T>) => Promise<T>;
};

export type IdempotencyClaim = {
  /** Whose keys these are (a user id), so two users' keys never collide. */
  readonly scope: string;
  readonly key: string;
  /** A hash of the request (route and body): the same key must mean the same request. */
  readonly fingerprint: string;
};
