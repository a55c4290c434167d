/**
 * How an Apache Avro object container file opens (`Obj` and format version 1): asked by the dataset
 * inventory and the data inspector, neither of which loads a reader to tell.
 */
export function isAvroFile(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x4f && head[1] === 0x62 && head[2] === 0x6a && head[3] === 0x01;
}
