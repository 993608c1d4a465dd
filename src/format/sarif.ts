// SARIF 2.1.0, as GitHub code scanning reads it: rule metadata in the driver, physical locations
// relative to the checkout (%SRCROOT%), suppressed findings kept with their justification.
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { portableRuleDoc } from '../engine/docs.js';
import type { LintMessage, SuppressedMessage } from '../engine/lint.js';
import { docsUrlOf } from '../engine/rule.js';
import type { Formatter } from './types.js';

const PARSE_ERROR_RULE = 'parse-error';

function artifactUri(filePath: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(filePath)) {
    const rel = relative(process.cwd(), filePath);
    if (rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(filePath).href };
    filePath = rel;
  }
  return { uri: filePath.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * A rule's help: its full documentation (docs/rules/<id>.md) with links that work outside the
 * repository, as code scanning shows it beside each alert; the description alone when the page is
 * not at hand.
 */
function helpOf(id: string, description: string, doc: string | null, homepage: string | undefined): { text: string; markdown: string } {
  if (doc === null) return { text: description, markdown: description };
  const markdown = portableRuleDoc(id, doc, { homepage });
  return { text: markdown, markdown };
}

export const formatSarif: Formatter = (results, { rules, toolVersion, homepage, ruleDoc }) => {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const driverRules: object[] = rules.map((r) => {
    const helpUri = docsUrlOf(r.meta.id, homepage);
    return {
      id: r.meta.id,
      name: r.meta.id,
      shortDescription: { text: r.meta.description },
      fullDescription: { text: r.meta.description },
      help: helpOf(r.meta.id, r.meta.description, ruleDoc?.(r.meta.id) ?? null, homepage),
      ...(helpUri ? { helpUri } : {}),
      defaultConfiguration: { level: r.meta.severity === 'error' ? 'error' : 'warning' },
      properties: { tags: [r.meta.type], requires: [...r.meta.requires] },
    };
  });
  const hasFatal = results.some((r) => r.messages.some((m) => m.fatal));
  if (hasFatal) {
    ruleIndex.set(PARSE_ERROR_RULE, driverRules.length);
    driverRules.push({ id: PARSE_ERROR_RULE, name: PARSE_ERROR_RULE, shortDescription: { text: 'The file is not valid JSON or YAML.' }, defaultConfiguration: { level: 'error' } });
  }
  const toResult = (filePath: string, m: LintMessage | SuppressedMessage): object => {
    const ruleId = m.ruleId ?? PARSE_ERROR_RULE;
    const result: Record<string, unknown> = {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId),
      level: m.severity === 2 ? 'error' : 'warning',
      // The short sentence first: SARIF viewers show a message's first sentence as its summary.
      message: { text: m.explanation ? `${m.message}. ${m.explanation}` : m.message },
      locations: [
        {
          physicalLocation: { artifactLocation: artifactUri(filePath), region: { startLine: m.line, startColumn: m.column } },
          // Terraform input: the resource the finding is about, as code scanning shows logical locations.
          ...(m.resourceAddress ? { logicalLocations: [{ fullyQualifiedName: m.resourceAddress, kind: 'resource' }] } : {}),
        },
      ],
    };
    const props: Record<string, unknown> = {};
    if (m.routeId !== undefined) props.routeId = m.routeId;
    if (m.relatedRouteIds) props.relatedRouteIds = m.relatedRouteIds;
    if (m.relatedRoutesTotal !== undefined) props.relatedRoutesTotal = m.relatedRoutesTotal;
    if (m.path) props.path = m.path;
    if (Object.keys(props).length > 0) result.properties = props;
    if ('suppressions' in m) result.suppressions = m.suppressions.map((s) => ({ kind: 'external', justification: s.justification }));
    return result;
  };
  const sarifResults = results.flatMap((r) => [...r.messages.map((m) => toResult(r.filePath, m)), ...r.suppressedMessages.map((m) => toResult(r.filePath, m))]);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'routelint', version: toolVersion, semanticVersion: toolVersion, rules: driverRules } },
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
