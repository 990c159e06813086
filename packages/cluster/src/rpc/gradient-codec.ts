import type { ShardResult } from '@matchnet/fewshot';
import type { WireTensor } from './tensor-stream.js';

/** A shard's result as the tensors a gradient push carries: `grad/<param>` then `bn/<statistic>`, sorted by name. */
export function shardResultToWire(result: ShardResult): WireTensor[] {
  const wire = (prefix: string, named: Record<string, { shape: number[]; dataSync(): ArrayLike<number> }>) =>
    Object.keys(named)
      .sort()
      .map((n) => ({ name: `${prefix}/${n}`, shape: [...named[n]!.shape], data: Float32Array.from(named[n]!.dataSync()) }));
  return [...wire('grad', result.grads), ...wire('bn', result.batchStats)];
}
