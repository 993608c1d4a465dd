// GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding.
import { terminalText } from '../escape.js';
import { messageNamingResource } from './resource.js';
import type { Formatter } from './types.js';

/**
 * Escaping from GitHub's workflow command syntax: data escapes %, CR, LF; properties also `:` and `,`.
 * The runner shows the unescaped text in the job's log, which acts on ANSI sequences and bidi
 * controls: text from the export (names in messages) and the file path go through `terminalText`
 * first, so only our own line breaks (message, blank line, explanation) reach the log.
 */
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
      const message = terminalText(messageNamingResource(m));
      const text = m.explanation ? `${message}\n\n${terminalText(m.explanation)}` : message;
      lines.push(`::${level} file=${escapeProperty(terminalText(result.filePath))},line=${m.line},col=${m.column},title=${escapeProperty(`routelint ${title}`)}::${escapeData(text)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
