import { env } from '../env.js';
import { useSocket } from '../providers/SocketProvider.js';

/**
 * A refetch interval for live data: none while the socket pushes changes,
 * a slow poll while it is down, so screens still move without a reload.
 */
export function useOfflinePolling(): number | false {
  const { state } = useSocket();
  return state === 'connected' ? false : env.offlinePollMs;
}
