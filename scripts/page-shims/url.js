// node:url in the report's page bundle. Node's domainToASCII sets the name as the hostname of a
// ws: URL and returns '' when the setter refuses it; the browser's URL has the same WHATWG setter,
// which leaves the old hostname when it refuses: set on two URLs with different hostnames, a name
// is refused where the two disagree (test/report/ask.test.ts compares this with Node's).
export function domainToASCII(domain) {
  const a = new URL('ws://a');
  const b = new URL('ws://b');
  a.hostname = domain;
  b.hostname = domain;
  return a.hostname === b.hostname ? a.hostname : '';
}
