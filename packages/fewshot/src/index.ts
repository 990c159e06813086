export { packBits, packedBytes, unpackBits } from './data/bit-image.js';
export { ClassImageCache } from './data/class-image-cache.js';
export type { ClassInfo, FewShotDataset } from './data/dataset.js';
export { DatasetError, decodeImage, type DecodedImage } from './data/decode-image.js';
export { ImageFolderDataset, type ImageFolderOptions } from './data/image-folder-dataset.js';
export { OmniglotDataset } from './data/omniglot-dataset.js';
export { readOmniglotOriginal, type OriginalCharacter } from './data/omniglot-original.js';
export { PACK_MAGIC, packOmniglot, parseOmniglotPack, readOmniglotPack, writeOmniglotPack, type OmniglotManifest, type OmniglotPack } from './data/omniglot-pack.js';
export {
  assertDisjointCharacters,
  omniglotClassId,
  parseOmniglotClassId,
  readVinyalsSplits,
  VINYALS_SPLITS,
  type OmniglotClassId,
  type VinyalsSplit,
} from './data/omniglot-splits.js';
export { embeddedOmniglotDir, openOmniglot, type OmniglotOptions } from './data/open-omniglot.js';
export { OMNIGLOT_PREPROCESSING, preprocess, type Preprocessing } from './data/preprocessing.js';
export { resizeArea } from './data/resize.js';
export { ROTATIONS, rotateSquare, type Rotation } from './data/rotate.js';
export { episodeArrays, type EpisodeArrays } from './episodes/episode-arrays.js';
export { EpisodeError, episodeKey, sampleEpisode, validateShape } from './episodes/episode-sampler.js';
export type { EpisodeId, EpisodeShape, EpisodeSpec } from './episodes/episode-spec.js';
export { episodeTensors, type EpisodeTensors } from './episodes/episode-tensors.js';
export { Rng } from './episodes/rng.js';
export {
  CONV4_DEFAULT,
  conv4Forward,
  conv4OutputSize,
  initConv4,
  type BatchNormState,
  type Conv4Config,
  type Conv4Output,
  type Conv4Params,
} from './model/conv4-encoder.js';
export { attentionLogits, initAttention, type HeadParams } from './model/attention.js';
export { encoderStats, initRunningStats, updateRunningStats, type RunningStats } from './model/batch-norm-stats.js';
export { fceQuery, fceSupport, initFce } from './model/full-context-embeddings.js';
export { initLstm, lstmStep, type LstmWeights } from './model/lstm-cell.js';
export { classLogProbs, nllAndAccuracy } from './model/matching-loss.js';
export { embeddingSize, encoderPrefixes, initMatchingNet, matchingNetForward, type ForwardResult, type ModelParams } from './model/matching-network.js';
export { MATCHING_NET_DEFAULT, type AttentionConfig, type MatchingNetConfig } from './model/model-config.js';
export { summarizeAccuracies, type AccuracySummary } from './evaluation/accuracy-stats.js';
export { evaluateModel } from './evaluation/evaluate.js';
export { Adam, ADAM_DEFAULT, type AdamConfig } from './training/adam.js';
export { averageNamed, clipByGlobalNorm, type NamedTensors } from './training/gradient-ops.js';
export { learningRateAt, type LearningRateSchedule } from './training/learning-rate.js';
export { shardEpisodes, trainReference, type TrainerHooks } from './training/reference-trainer.js';
export { computeShardGradients, type ShardResult } from './training/shard-gradients.js';
export type { EvaluationSettings, TrainingConfig } from './training/training-config.js';
export { applyStep, disposeTrainingState, initTrainingState, type StepSummary, type TrainingState } from './training/training-state.js';
export { CheckpointError, decodeCheckpoint, encodeCheckpoint, type CheckpointJson } from './checkpoint/checkpoint-format.js';
export { openDataset, type DatasetSource } from './data/open-dataset.js';
