/** What MATCHNET_BACKEND may ask for. */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'tensorflow-gpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export class BackendError extends Error {
  override name = 'BackendError';
}

/** Parses MATCHNET_BACKEND; unset means `auto`. Unknown values and `wasm` are refused by name. */
export function parseBackendChoice(raw: string | undefined): BackendChoice {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return 'auto';
  if (value === 'wasm') {
    throw new BackendError(
      'MATCHNET_BACKEND=wasm is not supported: the wasm backend has no Conv2DBackpropFilter kernel, ' +
        'so it cannot train the conv-4 encoder. Use auto, tensorflow, tensorflow-gpu or cpu.',
    );
  }
  if ((BACKEND_CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new BackendError(`MATCHNET_BACKEND=${raw} is not one of ${BACKEND_CHOICES.join(', ')}`);
}
