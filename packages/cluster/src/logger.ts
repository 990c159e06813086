export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/** Plain timestamped lines on stderr, tagged with the service name. */
export function createLogger(service: string): Logger {
  const line = (level: string, message: string) =>
    process.stderr.write(`${new Date().toISOString()} ${level} [${service}] ${message}\n`);
  return { info: (m) => line('INFO', m), error: (m) => line('ERROR', m) };
}
