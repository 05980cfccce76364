/**
 * The subset of Inngest's concurrency-key expressions (CEL) the in-process runner
 * understands: quoted constants, `event.name`, `event.data.<path>`, joined with `+`.
 * Anything else is refused when the runner starts, rather than silently treated
 * as "no key".
 */
export type ConcurrencyKeyFn = (event: { name: string; data: unknown }) => string;

const TERM = /^\s*(?:"([^"\\]*)"|'([^'\\]*)'|(event\.name)|event\.data((?:\.[A-Za-z_][A-Za-z0-9_]*)+))\s*$/;

/** Compiles an expression into a function of the event; throws on what it does not support. */
export function compileConcurrencyKey(expression: string): ConcurrencyKeyFn {
  const terms = expression.split('+').map((part) => {
    const match = TERM.exec(part);
    if (!match) throw new Error(`unsupported concurrency key expression: ${expression}`);
    const [, doubleQuoted, singleQuoted, name, path] = match;
    if (doubleQuoted !== undefined) return () => doubleQuoted;
    if (singleQuoted !== undefined) return () => singleQuoted;
    if (name) return (event: { name: string }) => event.name;
    const keys = path!.slice(1).split('.');
    return (event: { data: unknown }) => {
      let value: unknown = event.data;
      for (const key of keys) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      // Inngest renders a missing value as an empty key; keep the same grouping.
      return value === undefined || value === null ? '' : String(value);
    };
  });
  return (event) => terms.map((term) => term(event as { name: string; data: unknown })).join('');
}
