// GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding.
import { messageNamingResource } from './resource.js';
import type { Formatter } from './types.js';

/** Escaping from GitHub's workflow command syntax: data escapes %, CR, LF; properties also `:` and `,`. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const formatGithub: Formatter = (results) => {
  const lines: string[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      const level = m.severity === 2 ? 'error' : 'warning';
      const title = m.ruleId ?? 'parse-error';
      lines.push(`::${level} file=${escapeProperty(result.filePath)},line=${m.line},col=${m.column},title=${escapeProperty(`routelint ${title}`)}::${escapeData(m.explanation ? `${messageNamingResource(m)}\n\n${m.explanation}` : messageNamingResource(m))}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
