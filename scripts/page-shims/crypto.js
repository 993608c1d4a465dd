// node:crypto in the report's page bundle: the page's renderer hashes its scripts for the Content
// Security Policy when the report is written, never in the page.
export function createHash() {
  throw new Error('hashing is not part of the report page\'s bundle');
}
