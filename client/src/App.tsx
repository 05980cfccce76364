import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import { queryKeys } from './api/queryKeys.js';
import { BrowserRouter, Route, Routes } from 'react-router';
import { createQueryClient } from './api/queryClient.js';
import { PresenceProvider } from './providers/PresenceProvider.js';
import { SessionProvider, useSession } from './providers/SessionProvider.js';
import { SocketProvider, type SocketFactory } from './providers/SocketProvider.js';
import { ThemeProvider } from './providers/ThemeProvider.js';
import { ToastProvider } from './providers/ToastProvider.js';
import { LoginScene } from './scenes/auth/LoginScene.js';
import { AnonymousOnly, HomeRedirect, NotFoundScene, RequireAbility, RequireSession } from './scenes/guards.js';
import { TicketListScene } from './scenes/tickets/TicketListScene.js';
import { LoadingState } from './components/QueryStates.js';

// The first screens anyone sees (sign-in, the ticket list) are in the entry chunk; every other
// screen is a chunk of its own, fetched when first opened, so the entry stays small
// (client/scripts/checkBundle.ts holds it to its budget).
// The charts library is most of the bundle's weight and only admins see it.
// Only admins manage the library; its screen loads when opened.
const CannedRepliesScene = lazy(() => import('./scenes/admin/CannedRepliesScene.js').then((m) => ({ default: m.CannedRepliesScene })));
const CopilotRunsScene = lazy(() => import('./scenes/admin/CopilotRunsScene.js').then((m) => ({ default: m.CopilotRunsScene })));
const AnalyticsScene = lazy(() => import('./scenes/admin/AnalyticsScene.js').then((m) => ({ default: m.AnalyticsScene })));
const ApplicationsScene = lazy(() => import('./scenes/admin/ApplicationsScene.js').then((m) => ({ default: m.ApplicationsScene })));
const ModeratorsScene = lazy(() => import('./scenes/admin/ModeratorsScene.js').then((m) => ({ default: m.ModeratorsScene })));
const UsersScene = lazy(() => import('./scenes/admin/UsersScene.js').then((m) => ({ default: m.UsersScene })));
const ApplyScene = lazy(() => import('./scenes/apply/ApplyScene.js').then((m) => ({ default: m.ApplyScene })));
const SignupScene = lazy(() => import('./scenes/auth/SignupScene.js').then((m) => ({ default: m.SignupScene })));
const QueueScene = lazy(() => import('./scenes/queue/QueueScene.js').then((m) => ({ default: m.QueueScene })));
const UnassignedScene = lazy(() => import('./scenes/queue/UnassignedScene.js').then((m) => ({ default: m.UnassignedScene })));
const NewTicketScene = lazy(() => import('./scenes/tickets/NewTicketScene.js').then((m) => ({ default: m.NewTicketScene })));
// The ticket page, with everything only it shows (the timeline, comments, copilot, rendered text).
const TicketRouteScene = lazy(() => import('./scenes/tickets/TicketRouteScene.js').then((m) => ({ default: m.TicketRouteScene })));

/** Every screen, and which of the server's workspace abilities opens it. */
export function AppRoutes() {
  return (
    <Suspense fallback={<LoadingState />}>
      <Routes>
        <Route path="/login" element={<AnonymousOnly><LoginScene /></AnonymousOnly>} />
        <Route path="/signup" element={<AnonymousOnly><SignupScene /></AnonymousOnly>} />
        <Route element={<RequireSession />}>
          <Route index element={<HomeRedirect />} />
          <Route path="tickets" element={<TicketListScene />} />
          <Route element={<RequireAbility ability="fileTicket" />}>
            <Route path="tickets/new" element={<NewTicketScene />} />
          </Route>
          {/* A ticket's id, or its number as people quote it: /tickets/1042. */}
          <Route path="tickets/:ticketId" element={<TicketRouteScene />} />
          {/* Not guarded: after an approval this page is where the applicant learns of it. */}
          <Route path="apply" element={<ApplyScene />} />
          <Route element={<RequireAbility ability="workQueue" />}>
            <Route path="queue" element={<QueueScene />} />
            <Route path="queue/unassigned" element={<UnassignedScene />} />
          </Route>
          <Route path="admin">
            <Route index element={<HomeRedirect />} />
            <Route element={<RequireAbility ability="decideApplications" />}>
              <Route path="applications" element={<ApplicationsScene />} />
            </Route>
            <Route element={<RequireAbility ability="manageUsers" />}>
              <Route path="users" element={<UsersScene />} />
              <Route path="moderators" element={<ModeratorsScene />} />
            </Route>
            <Route element={<RequireAbility ability="manageCannedReplies" />}>
              <Route path="canned-replies" element={<CannedRepliesScene />} />
            </Route>
            <Route element={<RequireAbility ability="viewCopilotRuns" />}>
              <Route path="copilot" element={<CopilotRunsScene />} />
            </Route>
            <Route element={<RequireAbility ability="viewStats" />}>
              <Route
                path="analytics"
                element={
                  <Suspense fallback={<LoadingState label="Loading charts…" />}>
                    <AnalyticsScene />
                </Suspense>
              }
            />
          </Route>
        </Route>
        <Route path="*" element={<NotFoundScene />} />
      </Route>
    </Routes>
    </Suspense>
  );
}

/** The socket and presence for whoever is signed in; nothing live for a visitor. */
function LiveProviders({ connect, children }: { connect?: SocketFactory; children: ReactNode }) {
  const { status, token, user, abilities } = useSession();
  const queryClient = useQueryClient();
  // A refused handshake may mean the session ended; asking the API settles it (a 401 signs out).
  const onRefused = useCallback(
    (code: string | null) => {
      if (code === 'unauthenticated') void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
    [queryClient],
  );
  return (
    <SocketProvider token={status === 'authenticated' ? token : null} connect={connect} onRefused={onRefused}>
      <PresenceProvider self={user} canViewPresence={abilities?.viewPresence ?? false}>
        {children}
      </PresenceProvider>
    </SocketProvider>
  );
}

/**
 * Everything between the router and the screens. Tests mount this inside a
 * MemoryRouter with their own query client and socket factory.
 */
export function AppProviders({
  queryClient,
  connect,
  children,
}: {
  queryClient: QueryClient;
  connect?: SocketFactory;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <SessionProvider>
          <ToastProvider>
            <LiveProviders connect={connect}>{children}</LiveProviders>
          </ToastProvider>
        </SessionProvider>
      </ThemeProvider>
    </QueryClientProvider>
  );
}

/** The whole web client. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <BrowserRouter>
      <AppProviders queryClient={queryClient}>
        <AppRoutes />
      </AppProviders>
    </BrowserRouter>
  );
}
