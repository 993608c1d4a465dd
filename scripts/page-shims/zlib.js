// node:zlib in the report's page bundle: the address map's data is gzipped when the report is
// written (src/report/svg-map.ts), never in the page.
export function gzipSync() {
  throw new Error('compression is not part of the report page\'s bundle');
}
