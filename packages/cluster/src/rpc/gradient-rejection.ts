/** Why a gradient push was refused; travels as the `matchnet-error` trailer. */
export type RejectionReason = 'unknown-job' | 'stale-version' | 'invalid-shard' | 'shape-mismatch' | 'non-finite' | 'checksum' | 'truncated';

export class GradientRejected extends Error {
  override name = 'GradientRejected';
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
  }
}
