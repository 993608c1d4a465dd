// node:buffer in the report's page bundle: decodeText (file bytes to text) is for files on disk;
// the page decodes its embedded export itself and never calls it.
export function isAscii() {
  throw new Error('decoding file bytes is not part of the report page\'s bundle');
}
