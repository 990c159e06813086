export { BACKEND_CHOICES, BackendError, parseBackendChoice, type BackendChoice } from './backend-choice.js';
export { gpuVisible } from './gpu-visibility.js';
export { loadBackend, type LoadedBackend, type Tf } from './load-backend.js';
export { trainTinyConvNet } from './smoke-train.js';
