import type * as tf from '@tensorflow/tfjs-core';

export type NamedTensors = Record<string, tf.Tensor>;

/** Element-wise mean of several named sets, summed in the order given (shard order). */
export function averageNamed(tfc: typeof tf, sets: NamedTensors[]): NamedTensors {
  if (sets.length === 0) throw new Error('nothing to average');
  return tfc.tidy(() => {
    const out: NamedTensors = {};
    for (const name of Object.keys(sets[0]!)) {
      let sum = sets[0]![name]!;
      for (let i = 1; i < sets.length; i++) {
        const t = sets[i]![name];
        if (!t) throw new Error(`set ${i} lacks ${name}`);
        sum = tfc.add(sum, t);
      }
      out[name] = tfc.div(sum, sets.length);
    }
    return out;
  });
}

/** Scales all gradients together so their global L2 norm is at most `maxNorm`; returns the norm before clipping. */
export function clipByGlobalNorm(tfc: typeof tf, grads: NamedTensors, maxNorm: number | null): { grads: NamedTensors; norm: number } {
  const names = Object.keys(grads).sort();
  const norm = tfc.tidy(() => tfc.sqrt(tfc.addN(names.map((n) => tfc.sum(tfc.square(grads[n]!))))).dataSync()[0]!);
  if (maxNorm === null || norm <= maxNorm) return { grads, norm };
  const scale = maxNorm / norm;
  return { grads: tfc.tidy(() => Object.fromEntries(names.map((n) => [n, tfc.mul(grads[n]!, scale)]))), norm };
}
