/**
 * A Keras model saved as HDF5 (`model.save('m.h5')`) keeps its architecture in the root group's
 * `model_config` attribute, whose name h5py writes in the root object header, within the file's
 * first kilobytes: such a file is a model (the models inspector checks its layers), not data.
 */
const MARKERS = ['model_config', 'keras_version'].map((m) => new TextEncoder().encode(m));

/** Whether an HDF5 file's opening names a Keras model's attributes. */
export function isKerasHdf5(head: Uint8Array): boolean {
  return MARKERS.some((m) => Buffer.from(head.buffer, head.byteOffset, head.byteLength).indexOf(m) >= 0);
}
