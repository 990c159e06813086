import * as tfc from '@tensorflow/tfjs-core';
import type { RunningStats } from '../model/batch-norm-stats.js';
import type { ModelParams } from '../model/matching-network.js';
import { initMatchingNet } from '../model/matching-network.js';
import { Adam } from '../training/adam.js';
import type { TrainingConfig } from '../training/training-config.js';
import type { TrainingState } from '../training/training-state.js';

/**
 * A checkpoint is a TensorFlow.js weights manifest: `model.json` plus one `weights.bin`,
 * readable by tf.io (`tf.io.decodeWeights`, or `loadWeights` in a browser). Weight names
 * say what they are: `model/<param>`, `bn/<statistic>` (the running batch-norm state) and
 * `optimizer/<m|v>/<param>` (group "optimizer"). The training state rides in
 * `userDefinedMetadata`.
 */
export interface CheckpointJson {
  format: 'matchnet-checkpoint';
  version: 1;
  modelTopology: null;
  weightsManifest: Array<{ paths: string[]; weights: tfc.io.WeightsManifestEntry[] }>;
  userDefinedMetadata: {
    config: TrainingConfig;
    step: number;
    adamStep: number;
    best: TrainingState['best'];
    weightsBytes: number;
  };
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export async function encodeCheckpoint(state: TrainingState): Promise<{ modelJson: CheckpointJson; weights: Uint8Array }> {
  const model = [
    ...Object.entries(state.params).map(([n, t]) => ({ name: `model/${n}`, tensor: t as tfc.Tensor })),
    ...Object.entries(state.stats).map(([n, t]) => ({ name: `bn/${n}`, tensor: t as tfc.Tensor })),
  ];
  const optimizer = Object.entries(state.adam.state()).map(([n, t]) => ({ name: `optimizer/${n}`, tensor: t }));
  // encodeWeights tags one group a call; the two parts share a single weights.bin.
  const parts = [await tfc.io.encodeWeights(model, 'model'), await tfc.io.encodeWeights(optimizer, 'optimizer')];
  const specs = parts.flatMap((p) => p.specs);
  const weights = new Uint8Array(parts.reduce((n, p) => n + (p.data as ArrayBuffer).byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    weights.set(new Uint8Array(p.data as ArrayBuffer), offset);
    offset += (p.data as ArrayBuffer).byteLength;
  }
  return {
    modelJson: {
      format: 'matchnet-checkpoint',
      version: 1,
      modelTopology: null,
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
      userDefinedMetadata: { config: state.config, step: state.step, adamStep: state.adam.step, best: state.best, weightsBytes: weights.length },
    },
    weights,
  };
}

/** Rebuilds a training state, checking sizes, names and values; `where` names the checkpoint in errors. */
export function decodeCheckpoint(modelJson: unknown, weights: Uint8Array, where: string): TrainingState {
  const bad = (why: string) => new CheckpointError(`checkpoint ${where} is unusable: ${why}`);
  const json = modelJson as CheckpointJson;
  if (!json || json.format !== 'matchnet-checkpoint' || json.version !== 1) throw bad('model.json is not a matchnet checkpoint (format/version)');
  const meta = json.userDefinedMetadata;
  if (!meta?.config || !Array.isArray(json.weightsManifest) || json.weightsManifest.length !== 1) throw bad('model.json lacks its manifest or metadata');
  const specs = json.weightsManifest[0]!.weights;
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weights.length !== expected || weights.length !== meta.weightsBytes) {
    throw bad(`weights.bin is ${weights.length} bytes, the manifest needs ${expected} (truncated or mismatched)`);
  }
  if (specs.some((s) => s.dtype !== 'float32')) throw bad('only float32 weights are expected');
  const floats = new Float32Array(weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length));
  const bad_ = floats.findIndex((v) => !Number.isFinite(v));
  if (bad_ >= 0) throw bad(`weights.bin holds a non-finite value at float ${bad_}`);
  const tensors = tfc.io.decodeWeights(floats.buffer as ArrayBuffer, specs);
  const params: ModelParams = {};
  const stats: RunningStats = {};
  const adamState: Record<string, tfc.Tensor> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    const slash = name.indexOf('/');
    const kind = name.slice(0, slash);
    const rest = name.slice(slash + 1);
    if (kind === 'model') params[rest] = tfc.variable(tensor);
    else if (kind === 'bn') stats[rest] = tensor as tfc.Tensor1D;
    else if (kind === 'optimizer') adamState[rest] = tensor;
    else throw bad(`unknown weight ${name}`);
  }
  assertMatchesConfig(meta.config, params, where);
  const adam = new Adam(tfc, meta.config.optimizer.adam);
  adam.restore(meta.adamStep, adamState);
  tfc.dispose(Object.values(adamState).concat(Object.entries(tensors).filter(([n]) => n.startsWith('model/')).map(([, t]) => t)));
  return { config: meta.config, params, stats, adam, step: meta.step, best: meta.best };
}

/** The parameters must be exactly those the checkpoint's own model config creates. */
function assertMatchesConfig(config: TrainingConfig, params: ModelParams, where: string): void {
  const fresh = initMatchingNet(tfc, config.model, 0);
  try {
    for (const [name, v] of Object.entries(fresh.params)) {
      const got = params[name];
      if (!got) throw new CheckpointError(`checkpoint ${where} is unusable: it lacks model/${name}`);
      if (got.shape.join('x') !== v.shape.join('x')) {
        throw new CheckpointError(`checkpoint ${where} is unusable: model/${name} has shape [${got.shape}], the config needs [${v.shape}]`);
      }
    }
    const extra = Object.keys(params).find((n) => !fresh.params[n]);
    if (extra) throw new CheckpointError(`checkpoint ${where} is unusable: model/${extra} is not part of its model config`);
  } finally {
    tfc.dispose([...Object.values(fresh.params), ...Object.values(fresh.stats)]);
  }
}
