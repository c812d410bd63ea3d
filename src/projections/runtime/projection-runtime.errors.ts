/** The errors the projection runtime ends in, each with a stable `code` for the API and CLI. */

export type ProjectionRuntimeErrorCode =
  /** Another process moved the checkpoint: this one no longer owns the projector. */
  | 'CHECKPOINT_CONFLICT'
  | 'UNKNOWN_PROJECTOR'
  | 'INVALID_PROJECTOR'
  /** The projector is run by another process (or this runtime is not started). */
  | 'PROJECTOR_NOT_OWNED'
  | 'PARKED_EVENT_NOT_FOUND'
  /** The runtime stopped or lost the lease before the rebuild switched over. */
  | 'REBUILD_INTERRUPTED'
  | 'REBUILD_FAILED';

export class ProjectionRuntimeError extends Error {
  constructor(
    readonly code: ProjectionRuntimeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProjectionRuntimeError';
  }
}

export function isCheckpointConflict(error: unknown): boolean {
  return error instanceof ProjectionRuntimeError && error.code === 'CHECKPOINT_CONFLICT';
}
