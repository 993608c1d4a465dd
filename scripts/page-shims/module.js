// node:module in the report's page bundle. The loader requires the YAML parser and jsonc-parser
// lazily, for YAML exports and for JSON that does not parse; the page loads only the JSON bundle
// the report command wrote, so neither is part of the bundle and asking for one is a bug.
export function createRequire() {
  return (id) => {
    throw new Error(`${id} is not part of the report page's bundle`);
  };
}
