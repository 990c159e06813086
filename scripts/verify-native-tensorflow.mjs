// Loads the native backend and takes a conv2d gradient: proof that the binding is usable,
// not just present. Exits non-zero with the reason otherwise.
const tf = await import('@tensorflow/tfjs-node');
await tf.ready();
if (tf.getBackend() !== 'tensorflow') {
  console.error(`expected the tensorflow backend, got ${tf.getBackend()}`);
  process.exit(1);
}
const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 1);
const w = tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.1, 'float32', 2));
const { value, grads } = tf.variableGrads(() => tf.conv2d(x, w, 1, 'same').square().mean());
const g = grads[w.name].abs().sum().dataSync()[0];
if (!Number.isFinite(g) || g <= 0) {
  console.error(`conv2d gradient is not usable: |grad| = ${g}`);
  process.exit(1);
}
console.error(`[native-tf] ok: TensorFlow ${tf.version.tfjs} binding, loss ${value.dataSync()[0].toFixed(4)}, |dL/dw| ${g.toFixed(4)}`);
