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
