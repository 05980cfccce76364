import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { tokenStore } from '../api/client.js';
import { AppProviders, AppRoutes } from '../App.js';
import { fakeSocketFactory } from './fakeSocket.js';

/** Shows the current path so tests can assert on navigation. */
function LocationProbe() {
  const location = useLocation();
  return (
    <output data-testid="location" hidden>
      {location.pathname}
      {location.search}
    </output>
  );
}

/**
 * Renders the real app (or one element) at a route with test doubles: a query
 * client that does not retry, a fake socket factory, and optionally a stored token.
 */
export function renderApp({
  route = '/',
  token = 'test-token',
  element,
  path = '*',
}: {
  route?: string;
  token?: string | null;
  element?: ReactNode;
  path?: string;
} = {}) {
  tokenStore.set(token);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity, refetchOnWindowFocus: false }, mutations: { retry: false } },
  });
  const sockets = fakeSocketFactory();
  const utils = render(
    <MemoryRouter initialEntries={[route]}>
      <AppProviders queryClient={queryClient} connect={sockets.connect}>
        {element ? (
          <Routes>
            <Route path={path} element={element} />
          </Routes>
        ) : (
          <AppRoutes />
        )}
        <LocationProbe />
      </AppProviders>
    </MemoryRouter>,
  );
  return { ...utils, queryClient, sockets };
}
