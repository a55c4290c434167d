/** Output bytes per input byte past which a compressed stream is taken for a decompression bomb. */
export const BOMB_RATIO = 1024;
/** What a file stopped as a decompression bomb says. */
export const BOMB_STOP = `decompression stopped: the output passed ${BOMB_RATIO} times the input (a decompression bomb)`;
