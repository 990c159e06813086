import type { Redis } from 'ioredis';

/**
 * Records which (job, step, shard) gradients were accepted, in Redis, atomically: the first
 * push claims the slot, every later one (a BullMQ retry, a stalled job run twice) finds it taken.
 */
export class ShardLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Slots outlive their step by this long, for late duplicates. */
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  private key(job: string, step: number): string {
    return `${this.prefix}:ledger:${job}:${step}`;
  }

  /** True when this call claimed the slot; false when a gradient was accepted before. */
  async claim(job: string, step: number, shard: number, workerId: string): Promise<boolean> {
    const key = this.key(job, step);
    const [[, claimed]] = (await this.redis.multi().hsetnx(key, String(shard), workerId).expire(key, this.ttlSeconds).exec()) as [[null, number]];
    return claimed === 1;
  }

  async claimed(job: string, step: number): Promise<number[]> {
    return (await this.redis.hkeys(this.key(job, step))).map(Number).sort((a, b) => a - b);
  }

  /** Forgets a step's claims: for a coordinator restarting with the step's gradients lost. */
  async release(job: string, step: number): Promise<void> {
    await this.redis.del(this.key(job, step));
  }
}
