import type { Redis } from 'ioredis';
import { parseJobSpec, type JobSpec } from '../config/job-spec.js';

/** Job specs in Redis, so that any worker or evaluator can read the job it is handed. */
export class JobRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get key(): string {
    return `${this.prefix}:jobs`;
  }

  /** False when a job of that name exists already. */
  async create(spec: JobSpec): Promise<boolean> {
    return (await this.redis.hsetnx(this.key, spec.job, JSON.stringify(spec))) === 1;
  }

  async get(job: string): Promise<JobSpec | undefined> {
    const raw = await this.redis.hget(this.key, job);
    return raw === null ? undefined : parseJobSpec(JSON.parse(raw));
  }

  async names(): Promise<string[]> {
    return (await this.redis.hkeys(this.key)).sort();
  }
}
