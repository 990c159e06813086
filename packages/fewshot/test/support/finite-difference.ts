import type { Tf } from '@matchnet/backend';
import type { Scalar, Variable } from '@tensorflow/tfjs-core';
import { Rng } from '../../src/index.js';

/**
 * Compares analytic gradients of `loss` with central differences at `probes` random
 * entries of every variable. Returns the worst relative error, scaled so tiny gradients
 * are not judged against float32 noise.
 */
export function worstGradientError(tf: Tf, loss: () => Scalar, variables: Record<string, Variable>, probes = 4, eps = 2e-3): { worst: number; where: string } {
  const { grads } = tf.variableGrads(loss, Object.values(variables));
  const rng = new Rng('fd-probes');
  let worst = 0;
  let where = '';
  for (const [name, v] of Object.entries(variables)) {
    const analytic = grads[v.name]!.dataSync();
    const values = v.dataSync().slice();
    for (let p = 0; p < Math.min(probes, values.length); p++) {
      const i = rng.nextInt(values.length);
      const at = (delta: number) => {
        const moved = values.slice();
        moved[i]! += delta;
        v.assign(tf.tensor(moved, v.shape));
        return tf.tidy(() => loss().dataSync()[0]!);
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      v.assign(tf.tensor(values, v.shape));
      const error = Math.abs(numeric - analytic[i]!) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i]!));
      if (error > worst) {
        worst = error;
        where = `${name}[${i}]: numeric ${numeric}, analytic ${analytic[i]}`;
      }
    }
  }
  return { worst, where };
}
