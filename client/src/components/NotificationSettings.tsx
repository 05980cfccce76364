import { useId } from 'react';
import { describeError } from '../api/client.js';
import { usePreferences, useUpdatePreferences } from '../api/preferences.js';
import { useDesktopNotifications, useDesktopNotificationSettings } from '../hooks/useDesktopNotifications.js';
import { useToast } from '../providers/ToastProvider.js';

/** The account menu's notification controls: e-mails about one's tickets, and desktop notifications in this browser. */
export function NotificationSettings() {
  const preferences = usePreferences();
  const update = useUpdatePreferences();
  const desktop = useDesktopNotificationSettings();
  const { showToast } = useToast();
  const emailId = useId();

  return (
    <div className="flex flex-col gap-2">
      {preferences && (
        <label htmlFor={emailId} className="flex cursor-pointer items-center justify-between gap-2 text-sm">
          <span>E-mail me about my tickets</span>
          <input
            id={emailId}
            type="checkbox"
            className="toggle toggle-sm toggle-primary"
            checked={preferences.notifyByEmail}
            disabled={update.isPending}
            onChange={(e) =>
              update.mutate({ notifyByEmail: e.target.checked }, { onError: (error) => showToast({ tone: 'error', message: describeError(error) }) })
            }
          />
        </label>
      )}
      {desktop.permission === 'unsupported' ? null : desktop.isOn ? (
        <button type="button" className="btn btn-ghost btn-sm w-full" onClick={desktop.disable}>
          Turn off desktop notifications
        </button>
      ) : desktop.permission === 'denied' ? (
        <p className="text-xs opacity-70">Desktop notifications are blocked in this browser’s site settings.</p>
      ) : (
        <button type="button" className="btn btn-ghost btn-sm w-full" onClick={() => void desktop.enable()}>
          Enable desktop notifications
        </button>
      )}
    </div>
  );
}

/** Mounted once in the signed-in frame: turns live events into desktop notifications while the tab is hidden. */
export function DesktopNotifier({ selfId }: { selfId: string }) {
  useDesktopNotifications(selfId);
  return null;
}
