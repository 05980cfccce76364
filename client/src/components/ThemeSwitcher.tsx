import { useTheme, type ThemeChoice } from '../providers/ThemeProvider.js';

const CHOICES: Array<{ value: ThemeChoice; label: string }> = [
  { value: 'system', label: 'System theme' },
  { value: 'light', label: 'Light theme' },
  { value: 'dark', label: 'Dark theme' },
];

/** Light, dark, or follow the system. */
export function ThemeSwitcher() {
  const { choice, setChoice } = useTheme();
  return (
    <label className="flex items-center gap-2">
      <span className="sr-only">Theme</span>
      <select
        className="select select-sm select-ghost w-auto"
        value={choice}
        onChange={(e) => setChoice(e.target.value as ThemeChoice)}
      >
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
