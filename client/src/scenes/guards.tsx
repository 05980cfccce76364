import type { Role } from '@relaydesk/shared';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { describeError } from '../api/client.js';
import { AppLayout } from '../components/AppLayout.js';
import { EmptyState, LoadingState } from '../components/QueryStates.js';
import { RealtimeSync } from '../providers/RealtimeSync.js';
import { useSession } from '../providers/SessionProvider.js';

/** The first screen for each role. */
export function homePathFor(role: Role): string {
  return role === 'user' ? '/tickets' : role === 'moderator' ? '/queue' : '/tickets';
}

/** Signed-in screens: sends anyone else to log in, remembering where they were going. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (session.status === 'loading') {
    return (
      <div className="flex min-h-screen items-center justify-center">
        <LoadingState label="Opening RelayDesk…" />
      </div>
    );
  }
  if (session.status === 'error' || !session.user) {
    return (
      <div className="flex min-h-screen flex-col items-center justify-center gap-4 p-6 text-center" role="alert">
        <p className="text-lg font-medium">RelayDesk cannot reach the server.</p>
        <p className="opacity-75">{describeError(session.error)}</p>
        <div className="flex gap-2">
          <button type="button" className="btn btn-primary" onClick={session.retry}>
            Try again
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => session.signOut()}>
            Log out
          </button>
        </div>
      </div>
    );
  }
  return (
    <>
      <RealtimeSync self={session.user} />
      <AppLayout />
    </>
  );
}

/** Log-in and sign-up: someone already signed in goes home instead. */
export function AnonymousOnly({ children }: { children: ReactNode }) {
  const { status, user } = useSession();
  if (status === 'authenticated' && user) return <Navigate to={homePathFor(user.role)} replace />;
  return children;
}

/** Screens for some roles only; others see a polite refusal, not a broken page. */
export function RequireRole({ roles }: { roles: Role[] }) {
  const { user } = useSession();
  if (!user || !roles.includes(user.role)) {
    return <EmptyState title="This page is not available to your account." />;
  }
  return <Outlet />;
}

/** `/`: each role's home. */
export function HomeRedirect() {
  const { user } = useSession();
  return <Navigate to={user ? homePathFor(user.role) : '/login'} replace />;
}

/** Any unknown address inside the app. */
export function NotFoundScene() {
  return <EmptyState title="There is nothing at this address." />;
}
