import { useEffect, useId, useRef, useState } from 'react';
import { useDebouncedValue } from '../hooks/useDebouncedValue.js';

/** A search field that reports its text once typing pauses. */
export function SearchBox({
  value,
  onSearch,
  label = 'Search',
  placeholder = 'Search…',
  maxLength = 100,
}: {
  value: string;
  onSearch(text: string): void;
  label?: string;
  placeholder?: string;
  maxLength?: number;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const settled = useDebouncedValue(text, 350);
  const lastReported = useRef(value);

  useEffect(() => {
    const trimmed = settled.trim();
    if (trimmed === lastReported.current) return;
    lastReported.current = trimmed;
    onSearch(trimmed);
  }, [settled, onSearch]);

  // Follow the URL when it changes from elsewhere (back button, a link).
  useEffect(() => {
    if (value !== lastReported.current) {
      lastReported.current = value;
      setText(value);
    }
  }, [value]);

  return (
    <div className="flex min-w-0 flex-col">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="search"
        className="input input-sm w-full"
        placeholder={placeholder}
        value={text}
        maxLength={maxLength}
        onChange={(e) => setText(e.target.value)}
      />
    </div>
  );
}
