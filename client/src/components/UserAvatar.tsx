import type { UserRef } from '@relaydesk/shared';
import clsx from 'clsx';
import { usePresence } from '../providers/PresenceProvider.js';
import { PresenceDot } from './PresenceDot.js';

/** "Maya Frontend" → "MF". */
function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0], parts[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}

const SIZE_CLASS = { sm: 'size-7 text-xs', md: 'size-9 text-sm', lg: 'size-12 text-base' } as const;

/** A person's initials in a circle, with their presence dot when `showPresence`. */
export function UserAvatar({
  user,
  size = 'md',
  showPresence = true,
}: {
  user: Pick<UserRef, 'id' | 'name'>;
  size?: keyof typeof SIZE_CLASS;
  showPresence?: boolean;
}) {
  const { statusOf } = usePresence();
  return (
    <span className="relative inline-flex h-fit shrink-0" aria-hidden={!showPresence}>
      <span
        className={clsx(
          'inline-flex items-center justify-center rounded-full bg-base-300 font-semibold text-base-content',
          SIZE_CLASS[size],
        )}
        aria-hidden="true"
      >
        {initialsOf(user.name)}
      </span>
      {showPresence && <PresenceDot status={statusOf(user.id)} className="absolute -right-0.5 -bottom-0.5" />}
    </span>
  );
}

/** Avatar, name and (optionally) a caption, as shown for assignees and authors. */
export function UserChip({ user, caption, size = 'sm' }: { user: UserRef; caption?: string; size?: 'sm' | 'md' }) {
  return (
    <span className="inline-flex min-w-0 items-center gap-2">
      <UserAvatar user={user} size={size} />
      <span className="min-w-0">
        <span className="block truncate font-medium">{user.name}</span>
        {caption && <span className="block truncate text-xs opacity-70">{caption}</span>}
      </span>
    </span>
  );
}
