import type * as tf from '@tensorflow/tfjs-core';

export interface AdamConfig {
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const ADAM_DEFAULT: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * Adam with its moments as explicit named tensors (`m/<param>`, `v/<param>`) and an
 * integer step count, so the state can be checkpointed and restored exactly, and applied
 * identically by the reference trainer and the coordinator.
 */
export class Adam {
  step = 0;
  private readonly m = new Map<string, tf.Tensor>();
  private readonly v = new Map<string, tf.Tensor>();

  constructor(
    private readonly tfc: typeof tf,
    private readonly config: AdamConfig = ADAM_DEFAULT,
  ) {}

  /** Updates every parameter that has a gradient; parameters are assigned in place. */
  apply(params: Record<string, tf.Variable>, grads: Record<string, tf.Tensor>, learningRate: number): void {
    const { tfc } = this;
    const { beta1, beta2, epsilon } = this.config;
    this.step++;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    for (const name of Object.keys(params).sort()) {
      const g = grads[name];
      if (!g) continue;
      const [m, v] = tfc.tidy(() => [
        tfc.add(tfc.mul(this.m.get(name) ?? tfc.zerosLike(g), beta1), tfc.mul(g, 1 - beta1)),
        tfc.add(tfc.mul(this.v.get(name) ?? tfc.zerosLike(g), beta2), tfc.mul(tfc.square(g), 1 - beta2)),
      ]);
      tfc.dispose([this.m.get(name)!, this.v.get(name)!].filter(Boolean));
      this.m.set(name, m!);
      this.v.set(name, v!);
      tfc.tidy(() => {
        const update = tfc.div(tfc.div(m!, correction1), tfc.add(tfc.sqrt(tfc.div(v!, correction2)), epsilon));
        params[name]!.assign(tfc.sub(params[name]!, tfc.mul(update, learningRate)));
      });
    }
  }

  /** The moments, named `m/<param>` and `v/<param>`. */
  state(): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, t] of this.m) out[`m/${name}`] = t;
    for (const [name, t] of this.v) out[`v/${name}`] = t;
    return out;
  }

  /** Replaces the state with clones of `tensors` (as produced by state()). */
  restore(step: number, tensors: Record<string, tf.Tensor>): void {
    this.dispose();
    this.step = step;
    for (const [key, t] of Object.entries(tensors)) {
      const slash = key.indexOf('/');
      const kind = key.slice(0, slash);
      const name = key.slice(slash + 1);
      if (kind === 'm') this.m.set(name, this.tfc.clone(t));
      else if (kind === 'v') this.v.set(name, this.tfc.clone(t));
      else throw new Error(`unknown Adam state entry ${key}`);
    }
  }

  dispose(): void {
    this.tfc.dispose([...this.m.values(), ...this.v.values()]);
    this.m.clear();
    this.v.clear();
  }
}
