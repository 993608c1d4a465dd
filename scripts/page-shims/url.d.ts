// Types for the page's stand-in of node:url (url.js), for the tests that compare it with Node's.
export function domainToASCII(domain: string): string;
