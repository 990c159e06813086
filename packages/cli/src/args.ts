/** `--name value` and `--flag` options after a subcommand; repeated options collect into arrays. */
export function parseOptions(args: string[], flags: readonly string[] = []): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const name = arg.slice(2);
    const value = flags.includes(name) ? 'true' : args[++i];
    if (value === undefined) throw new Error(`option --${name} needs a value`);
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return options;
}

export const option = (options: Map<string, string[]>, name: string): string | undefined => options.get(name)?.at(-1);

/** Applies `--set a.b.c=value` overrides (values parsed as JSON when they parse) to a plain object. */
export function applyOverrides(target: Record<string, unknown>, sets: string[]): Record<string, unknown> {
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq < 0) throw new Error(`--set ${set}: expected path=value`);
    const path = set.slice(0, eq).split('.');
    const raw = set.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // A bare word stays a string.
    }
    let node = target;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
  }
  return target;
}
