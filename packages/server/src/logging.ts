import type { FastifyServerOptions } from 'fastify';
import { scrubCardData } from './card-data.js';
import type { Config } from './config.js';

/** Where log lines go: stdout unless a test captures them. */
export interface LogDestination {
  write(line: string): unknown;
}

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return scrubCardData(value);
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') {
    const clean: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) clean[key] = scrub(item);
    return clean;
  }
  return value;
}

/**
 * One log line with card data removed from every string in it (numbers such as `time` stay). Lines
 * are scrubbed at the last step, whatever wrote them: a request URL with a search query, an error
 * message quoting a body, a field somebody logs one day without thinking of card data.
 */
export function scrubLogLine(line: string): string {
  try {
    return `${JSON.stringify(scrub(JSON.parse(line)))}\n`;
  } catch {
    return scrubCardData(line);
  }
}

/**
 * The server's pino options: secrets in headers censored, and card data removed from every line
 * before it leaves the process (docs/design.md#card-data: card data is never logged).
 */
export function loggerOptions(
  level: Config['logLevel'],
  destination: LogDestination = process.stdout,
): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    stream: { write: (line: string) => destination.write(scrubLogLine(line)) },
  };
}
