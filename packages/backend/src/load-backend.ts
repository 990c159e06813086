import { createRequire } from 'node:module';
import type * as tfc from '@tensorflow/tfjs-core';
import { BackendError, parseBackendChoice, type BackendChoice } from './backend-choice.js';
import { gpuVisible } from './gpu-visibility.js';

export type Tf = typeof tfc;

export interface LoadedBackend {
  tf: Tf;
  requested: BackendChoice;
  /** The npm package that provides the kernels. */
  packageName: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-backend-cpu';
  /** tf.getBackend() after loading: `tensorflow` for native, `cpu` for pure JS. */
  backendName: string;
  device: 'gpu' | 'cpu';
  /** One line for service logs. */
  describe(): string;
}

const require = createRequire(import.meta.url);

function installed(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

interface NativeBackend {
  isUsingGpuDevice?: boolean;
}

async function loadNative(gpu: boolean, requested: BackendChoice): Promise<LoadedBackend> {
  const packageName = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  let tf: Tf;
  try {
    tf = (await import(packageName)) as Tf;
  } catch (err) {
    throw new BackendError(
      `could not load ${packageName}: ${(err as Error).message}. ` +
        'Run scripts/install-native-tensorflow (part of scripts/bootstrap) to build the native binding.',
    );
  }
  await tf.setBackend('tensorflow');
  await tf.ready();
  const usingGpu = (tf.backend() as unknown as NativeBackend).isUsingGpuDevice === true;
  if (gpu && !usingGpu) {
    throw new BackendError(
      `${packageName} loaded but TensorFlow found no usable GPU and fell back to the CPU; ` +
        'refusing to start. Check the NVIDIA driver, CUDA and cuDNN, or set MATCHNET_BACKEND=tensorflow.',
    );
  }
  return describeLoaded(tf, requested, packageName, usingGpu ? 'gpu' : 'cpu');
}

async function loadPureJs(requested: BackendChoice): Promise<LoadedBackend> {
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  await import('@tensorflow/tfjs-backend-cpu');
  // tfjs-core alone registers no gradients; tfjs-node brings them, the pure-JS path must ask.
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  await tf.setBackend('cpu');
  await tf.ready();
  return describeLoaded(tf, requested, '@tensorflow/tfjs-backend-cpu', 'cpu');
}

function describeLoaded(
  tf: Tf,
  requested: BackendChoice,
  packageName: LoadedBackend['packageName'],
  device: LoadedBackend['device'],
): LoadedBackend {
  const backendName = tf.getBackend();
  return {
    tf,
    requested,
    packageName,
    backendName,
    device,
    describe: () =>
      `backend=${backendName} device=${device} package=${packageName} requested=${requested} tfjs=${tf.version_core}`,
  };
}

/**
 * Loads the compute backend named by MATCHNET_BACKEND (or `choice`).
 * `auto` takes tfjs-node-gpu when it is installed and a GPU is visible, else tfjs-node.
 * `cpu` is the pure-JS backend, far too slow to train; it exists for parity tests.
 */
export async function loadBackend(choice: BackendChoice = parseBackendChoice(process.env.MATCHNET_BACKEND)): Promise<LoadedBackend> {
  // TensorFlow's C++ start-up chatter (oneDNN, CPU features) hides the service's own log.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  switch (choice) {
    case 'cpu':
      return loadPureJs(choice);
    case 'tensorflow':
      return loadNative(false, choice);
    case 'tensorflow-gpu':
      if (!installed('@tensorflow/tfjs-node-gpu')) {
        throw new BackendError('MATCHNET_BACKEND=tensorflow-gpu but @tensorflow/tfjs-node-gpu is not installed');
      }
      return loadNative(true, choice);
    case 'auto':
      return loadNative(installed('@tensorflow/tfjs-node-gpu') && gpuVisible(), choice);
  }
}
