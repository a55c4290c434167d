/**
 * An LZ4 frame (python-lz4's, joblib's `compress='lz4'` and Arrow IPC's LZ4_FRAME container) whose
 * blocks hold the data stored, uncompressed (the high bit of each block size): valid LZ4F without
 * an LZ4 encoder, for tests of the readers that take LZ4 frames (data and models alike).
 */
export function lz4Stored(data: Uint8Array): Uint8Array {
  // Version 1, independent blocks, no checksums, no content size; 64 KiB blocks; the header checksum byte is not checked by the readers.
  const parts: number[] = [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x00];
  for (let i = 0; i < data.length; i += 0x10000) {
    const block = data.subarray(i, i + 0x10000);
    const size = (block.length | 0x80000000) >>> 0;
    parts.push(size & 255, (size >>> 8) & 255, (size >>> 16) & 255, size >>> 24, ...block);
  }
  parts.push(0, 0, 0, 0);
  return Uint8Array.from(parts);
}
