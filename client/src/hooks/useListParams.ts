import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';

/**
 * A list screen's filters, kept in the URL so reload, back and shared links show
 * the same page. Values the schema rejects are dropped rather than sent to the
 * server. Changing any filter other than `page` goes back to page 1.
 */
export function useListParams<S extends z.ZodType<Record<string, unknown>>>(schema: S) {
  const [searchParams, setSearchParams] = useSearchParams();

  const values = useMemo(() => {
    const raw: Record<string, string> = {};
    for (const [key, value] of searchParams) if (value !== '') raw[key] = value;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Drop the offending keys one by one so one bad value does not lose the rest.
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    const cleaned = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
    return schema.catch(schema.parse({})).parse(cleaned);
  }, [schema, searchParams]) as z.output<S>;

  const update = useCallback(
    /**
     * `push` makes the change a new history entry, for discrete choices (a view, a sort)
     * that back and forward should walk through; by default a filter change replaces
     * the entry, so typing a search does not leave one entry per pause.
     */
    (changes: Record<string, string | number | undefined>, options: { push?: boolean } = {}) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in changes)) next.delete('page');
          return next;
        },
        { replace: !options.push && !('page' in changes) },
      );
    },
    [setSearchParams],
  );

  return [values, update] as const;
}
