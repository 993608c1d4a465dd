// What an answer assumes because the export cannot show it, as a closed table: a stable id each
// (answers carry them in `assumption_ids`, beside the prose in `assumptions`) and the builder of
// its sentence from the answer's data. A new assumption gets an id here and a row in the README.

/** Every assumption, by id: the sentence it adds to an answer, built from its data. */
const ASSUMPTIONS = {
  // The question.
  'current-unknown': (current: string) => `--current "${current}" is not a peer of the export: it was ignored, as the client ignores a current route it does not know.`,
  'schema-issues': (count: number) =>
    `${count} value${count === 1 ? '' : 's'} in the export ${count === 1 ? 'has' : 'have'} the wrong type or shape; the objects holding them were left out (see routelint lint).`,
  // Domains (docs/netbird-behaviour.md §7).
  'domain-addresses-unknown': (name: string) => `The addresses ${name} resolves to are not known offline: network routes that would cover them are not considered.`,
  'domain-pattern-specificity': () =>
    'When domain routes with different patterns match the same name, the more specific pattern is assumed to win (an exact name over a wildcard, a longer wildcard over a shorter one).',
  'domain-routes-not-for-addresses': () => 'Domain routes are not considered for an address: the names they route are resolved on the client at run time.',
  // Exit nodes (docs/netbird-behaviour.md §6).
  'exit-node-whole-set': (networkId: string) => `Once the client applies exit node ${networkId}, it selects the whole exit node: its routes with skip_auto_apply set are candidates too.`,
  'exit-node-fresh-client': (networkId: string) =>
    `The client is assumed to apply exit node ${networkId} as a fresh client does (the smallest auto-applicable network_id); a client stores its first pick and keeps it, so one that saw other exit nodes first may use another, or none if its pick was deleted: pass --exit-node NETWORK_ID or --exit-node none.`,
  'dns-routing-peer-mode': () =>
    'The account is assumed to use routing-peer DNS resolution (the default of current NetBird): without it the client resolves the listed names itself, and a wildcard entry matches nothing useful.',
  'policy-sources-lower-bound': () =>
    "A policy with several rules names the source; the API can leave a group out of a later rule's sources when an earlier rule lists it, so the connectivity shown is a lower bound.",
  // The client's platform (docs/netbird-behaviour.md §5).
  'custom-routing': (prefixes: readonly string[]) =>
    `Clients that run with custom routing disabled (NB_DISABLE_CUSTOM_ROUTING) outside netstack mode skip prefixes /0 to /7 (${prefixes.join(', ')}); the source is assumed to run with custom routing.`,
  'ipv6-client-support': () => 'A peer with an overlay IPv6 address in the export is assumed to run a client that supports IPv6 routes.',
  'linux-main-table': () =>
    `On Linux, a non-default route in the source's main routing table (such as a directly connected LAN) wins over NetBird's routes for its range; the export cannot show one, so none is assumed.`,
  // Delivery (docs/netbird-behaviour.md §3).
  'no-policies': () => 'The export has no policies: every routing peer is assumed to be connected to the source by an enabled policy (NetBird delivers a route only then).',
  'login-expiration-enabled': () => 'Peer login expiration is assumed enabled for the account (the export has no account settings): peers whose login expired are left out.',
  // At the routing peer (§3, §8, §9).
  'posture-undecided': (policyNames: readonly string[], exported: boolean) =>
    exported
      ? `The export cannot decide some posture checks of ${policyNames.join(', ')} for the source (a process check, a network range only a local interface could match, an unknown OS): assumed passed; --posture CHECK=pass|fail says otherwise.`
      : `The export has no posture checks: those of ${policyNames.join(', ')} are assumed passed; export them (posture-checks.json) or pass --posture CHECK=pass|fail.`,
  'drop-rule-first': () => "A matching policy rule with action drop is assumed to win over accept rules at the routing peer's route firewall.",
  'any-traffic': () => 'No --protocol or --port was given: the traffic counts as allowed when any rule lets the source in; the answer lists them in access.allowed_by.',
  // Peer states (docs/netbird-behaviour.md §4).
  'states-assumed': () =>
    'No peer state was given (--status, --peer-state, --down): every routing peer is assumed Connected, direct (P2P), with equal latency (not measured, which the client counts as 999 ms).',
  'state-assumed': (peerNames: readonly string[]) => `No state was given for ${peerNames.join(', ')}: assumed Connected, direct (P2P), latency not measured (counts as 999 ms).`,
  'connection-type-unknown': (peerNames: readonly string[]) =>
    `The status report does not say whether ${peerNames.join(', ')} ${peerNames.length === 1 ? 'is' : 'are'} relayed (it prints "-" for peers that are not Connected): counted as direct, so the client's score for ${peerNames.length === 1 ? 'it' : 'them'} may be 1 lower.`,
  'offline-assumed-connected': (peerNames: readonly string[]) =>
    `The export shows ${peerNames.join(', ')} disconnected from management when it was taken, yet ${peerNames.length === 1 ? 'it was' : 'they were'} assumed Connected: pass --down or --status to say otherwise.`,
  'status-from-other-peer': (file: string, reporter: string) => `The status report ${file} comes from ${reporter}, not from the source: the source's own view of its peers may differ.`,
} as const satisfies Record<string, (...data: never[]) => string>;

export type AssumptionId = keyof typeof ASSUMPTIONS;

/** Every assumption id, in the table's order. */
export const ASSUMPTION_IDS = Object.freeze(Object.keys(ASSUMPTIONS) as AssumptionId[]);

/** One assumption of an answer: its id and its sentence. */
export interface Assumption {
  readonly id: AssumptionId;
  readonly text: string;
}

/** The assumption `id` with its sentence built from `data`. */
export function assumption<I extends AssumptionId>(id: I, ...data: Parameters<(typeof ASSUMPTIONS)[I]>): Assumption {
  const build = ASSUMPTIONS[id] as (...data: Parameters<(typeof ASSUMPTIONS)[I]>) => string;
  return { id, text: build(...data) };
}
