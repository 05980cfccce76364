import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionIndicator } from '../components/ConnectionIndicator.js';
import { fakeSocketFactory } from '../test/fakeSocket.js';
import { FAILURES_BEFORE_OFFLINE, REFUSED_RETRY_MS, SocketProvider } from './SocketProvider.js';

function renderIndicator(token: string | null) {
  const sockets = fakeSocketFactory();
  const utils = render(
    <SocketProvider token={token} connect={sockets.connect}>
      <ConnectionIndicator />
    </SocketProvider>,
  );
  const state = () => screen.getByRole('button', { name: /^Connection:/ }).getAttribute('data-connection');
  return { ...utils, sockets, state };
}

describe('SocketProvider', () => {
  it('opens no socket without a session', () => {
    const { sockets, state } = renderIndicator(null);
    expect(sockets.sockets).toHaveLength(0);
    expect(state()).toBe('idle');
  });

  it('connects with the session token and reports each state of the link', () => {
    const { sockets, state } = renderIndicator('token-1');
    expect(sockets.tokens).toEqual(['token-1']);
    expect(state()).toBe('connecting');

    act(() => sockets.latest!.simulateConnect());
    expect(state()).toBe('connected');
    expect(screen.getByRole('button', { name: /Connection: Live/ })).toBeInTheDocument();

    act(() => sockets.latest!.simulateDisconnect('transport close'));
    expect(state()).toBe('reconnecting');

    act(() => sockets.latest!.simulateConnect());
    expect(state()).toBe('connected');
  });

  it('says "offline" after repeated failures, and recovers when a retry succeeds', () => {
    const { sockets, state } = renderIndicator('token-1');
    for (let i = 1; i < FAILURES_BEFORE_OFFLINE; i++) {
      act(() => sockets.latest!.simulateConnectError('xhr poll error'));
      expect(state()).toBe('reconnecting');
    }
    act(() => sockets.latest!.simulateConnectError('xhr poll error'));
    expect(state()).toBe('offline');
    expect(screen.getByRole('button', { name: /Connection: Offline/ })).toHaveAttribute('title', expect.stringContaining('xhr poll error'));

    act(() => sockets.latest!.simulateConnect());
    expect(state()).toBe('connected');
  });

  it('retries by itself after the server refuses the handshake', () => {
    vi.useFakeTimers();
    const { sockets, state } = renderIndicator('token-1');
    const socket = sockets.latest!;
    const connect = vi.spyOn(socket, 'connect');
    act(() => socket.simulateConnectError('unauthenticated', { active: false }));
    expect(state()).toBe('offline');
    expect(connect).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(REFUSED_RETRY_MS));
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('closes the old socket and opens a new one when the session changes', () => {
    const sockets = fakeSocketFactory();
    const { rerender } = render(
      <SocketProvider token="token-1" connect={sockets.connect}>
        <ConnectionIndicator />
      </SocketProvider>,
    );
    const first = sockets.latest!;
    rerender(
      <SocketProvider token="token-2" connect={sockets.connect}>
        <ConnectionIndicator />
      </SocketProvider>,
    );
    expect(first.active).toBe(false);
    expect(first.listenerCount('connect')).toBe(0);
    expect(sockets.tokens).toEqual(['token-1', 'token-2']);
  });
});
