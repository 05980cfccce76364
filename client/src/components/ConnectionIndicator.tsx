import clsx from 'clsx';
import { useSocket, type ConnectionState } from '../providers/SocketProvider.js';

const LABELS: Record<ConnectionState, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const DOT_CLASS: Record<ConnectionState, string> = {
  idle: 'status-neutral',
  connecting: 'status-warning',
  connected: 'status-success',
  reconnecting: 'status-warning',
  offline: 'status-error',
};

/** The state of the live connection; offers an immediate retry while it is down. */
export function ConnectionIndicator() {
  const { state, lastError, reconnectNow } = useSocket();
  const isDown = state === 'offline' || state === 'reconnecting';
  const detail =
    state === 'connected'
      ? 'Live updates are on.'
      : `Live updates are paused; pages refresh every few seconds instead.${lastError ? ` (${lastError})` : ''}`;
  return (
    <button
      type="button"
      className={clsx('btn btn-ghost btn-sm gap-2 font-normal', !isDown && 'pointer-events-none')}
      onClick={isDown ? reconnectNow : undefined}
      title={isDown ? `${detail} Click to retry now.` : detail}
      aria-label={`Connection: ${LABELS[state]}. ${detail}`}
      data-connection={state}
      tabIndex={isDown ? 0 : -1}
    >
      <span className={clsx('status', DOT_CLASS[state], (state === 'connecting' || state === 'reconnecting') && 'animate-pulse')} aria-hidden="true" />
      <span className="hidden text-xs sm:inline" aria-hidden="true">
        {LABELS[state]}
      </span>
    </button>
  );
}
