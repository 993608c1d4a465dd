// node:url in the report's page bundle. domainToASCII is WHATWG's host parser in Node, and the
// browser's URL parser is the same algorithm: a name that parses to credentials or a port, or does
// not parse, is '' in both (test/report/ask-bundle.test.ts compares them).
export function domainToASCII(domain) {
  // Node parses the name as a host alone: a colon outside an IPv6 literal (a port) makes it invalid.
  if (domain.replace(/^\[[^\]]*\]/, '').includes(':')) return '';
  try {
    const url = new URL(`wss://${domain}`);
    return url.username !== '' || url.password !== '' || url.port !== '' ? '' : url.hostname;
  } catch {
    return '';
  }
}
