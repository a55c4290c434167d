import { spawnSync } from 'node:child_process';

/**
 * A python3 that can run `import <modules>` (the one on PATH, else Debian's, whose apt packages —
 * python3-xlwt, python3-avro, python3-odf — a pyenv python lacks), or undefined: tests ask it only
 * to write files, and skip saying so without it.
 */
export function pythonWith(modules: string): string | undefined {
  return ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', `import ${modules}`]).status === 0);
}

/**
 * Python lines that give python3-avro an `xz` codec (it has none; Java's writers have one,
 * XZCompressorOutputStream, an .xz stream per block): each block as Python's lzma writes the xz
 * format (CRC64). Needs `import lzma, avro.codecs` before it.
 */
export const PY_XZ_CODEC = String.raw`
class XzCodec(avro.codecs.Codec):
    @staticmethod
    def compress(data):
        c = lzma.compress(data, format=lzma.FORMAT_XZ)
        return c, len(c)
    @staticmethod
    def decompress(decoder):
        raise NotImplementedError
avro.codecs.KNOWN_CODECS["xz"] = XzCodec
`;
