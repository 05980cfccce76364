import { useId } from 'react';

/** A labelled drop-down filter whose empty option means "any". */
export function SelectFilter<T extends string>({
  label,
  value,
  options,
  onChange,
  anyLabel = 'Any',
}: {
  label: string;
  value: T | undefined;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange(value: T | undefined): void;
  anyLabel?: string;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm whitespace-nowrap opacity-80">
        {label}
      </label>
      <select
        id={id}
        className="select select-sm w-auto"
        value={value ?? ''}
        onChange={(e) => onChange((e.target.value || undefined) as T | undefined)}
      >
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
