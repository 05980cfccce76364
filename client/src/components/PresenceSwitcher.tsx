import { PRESENCE_STATUSES, type PresenceStatus } from '@relaydesk/shared';
import { usePresenceMutation } from '../api/auth.js';
import { describeError } from '../api/client.js';
import { presenceLabel } from '../lib/labels.js';
import { useCurrentUser } from '../providers/SessionProvider.js';
import { useToast } from '../providers/ToastProvider.js';
import { PresenceDot } from './PresenceDot.js';

/** The signed-in person's own presence, switchable between online, do-not-disturb and offline. */
export function PresenceSwitcher() {
  const user = useCurrentUser();
  const mutation = usePresenceMutation();
  const { showToast } = useToast();
  const current = mutation.isPending && mutation.variables ? mutation.variables : user.presence;

  const choose = (status: PresenceStatus) => {
    if (status === user.presence) return;
    mutation.mutate(status, {
      onError: (error) => showToast({ tone: 'error', message: `Could not change your status: ${describeError(error)}` }),
    });
    // Closes the DaisyUI dropdown, which stays open while it holds focus.
    (document.activeElement as HTMLElement | null)?.blur();
  };

  return (
    <div className="dropdown dropdown-end">
      <div
        tabIndex={0}
        role="button"
        className="btn btn-ghost btn-sm gap-2 font-normal"
        aria-label={`Your status: ${presenceLabel(current)}. Change status`}
        data-testid="presence-switcher"
      >
        <PresenceDot status={current} decorative />
        <span className="hidden md:inline">{presenceLabel(current)}</span>
      </div>
      <ul tabIndex={0} className="menu dropdown-content z-40 mt-2 w-52 rounded-box bg-base-100 p-2 shadow-lg" role="menu">
        {PRESENCE_STATUSES.map((status) => (
          <li key={status} role="none">
            <button
              type="button"
              role="menuitemradio"
              aria-checked={status === current}
              className={status === current ? 'menu-active' : undefined}
              onClick={() => choose(status)}
            >
              <PresenceDot status={status} decorative />
              {presenceLabel(status)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
