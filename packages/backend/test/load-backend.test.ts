import { describe, expect, it } from 'vitest';
import { BackendError, loadBackend, trainTinyConvNet } from '../src/index.js';

describe('loadBackend on this machine', () => {
  it('auto picks native TensorFlow on the CPU when no GPU package is installed', async () => {
    const backend = await loadBackend('auto');
    expect(backend.backendName).toBe('tensorflow');
    expect(backend.packageName).toBe('@tensorflow/tfjs-node');
    expect(backend.device).toBe('cpu');
    expect(backend.describe()).toMatch(/backend=tensorflow device=cpu/);
  });

  it('trains a tiny conv net on the native backend: the loss falls', async () => {
    const { tf } = await loadBackend('tensorflow');
    const start = tf.memory().numTensors;
    trainTinyConvNet(tf, 5);
    const afterShortRun = tf.memory().numTensors;
    const losses = trainTinyConvNet(tf, 40);
    expect(losses).toHaveLength(40);
    expect(losses.every(Number.isFinite)).toBe(true);
    // Chance level for two classes is ln 2 ≈ 0.69; the toy problem is easy to separate.
    expect(losses[0]).toBeGreaterThan(0.5);
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
    // tfjs optimizers keep a tensor or two after dispose(); what matters is that nothing
    // accumulates per step, so a 40-step run must leave exactly what a 5-step run left.
    expect(tf.memory().numTensors - afterShortRun).toBe(afterShortRun - start);
  });

  it('native and pure-JS cpu backends agree on the same training run', async () => {
    const native = await loadBackend('tensorflow');
    const nativeLosses = trainTinyConvNet(native.tf, 5);
    const pure = await loadBackend('cpu');
    expect(pure.backendName).toBe('cpu');
    const pureLosses = trainTinyConvNet(pure.tf, 5);
    for (let i = 0; i < 5; i++) expect(pureLosses[i]).toBeCloseTo(nativeLosses[i]!, 4);
  });

  it('refuses tensorflow-gpu when the GPU package is not installed', async () => {
    await expect(loadBackend('tensorflow-gpu')).rejects.toThrow(BackendError);
    await expect(loadBackend('tensorflow-gpu')).rejects.toThrow(/tfjs-node-gpu is not installed/);
  });
});
