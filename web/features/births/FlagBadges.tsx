import { tShared } from '../../lib/i18n';

/** Practice flags as a compact list; labels without thresholds (the list does not know the country's). */
export function FlagBadges({ flags }: { flags: readonly string[] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="flag-list">
      {flags.map((f) => (
        <li key={f}>
          {tShared(`flag.${f}`)
            .replace(/\s*\{\w+\}\s*/g, ' ')
            .trim()}
        </li>
      ))}
    </ul>
  );
}
