import type { WorkspaceAction } from '@relaydesk/shared';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { describeError } from '../api/client.js';
import { AppLayout } from '../components/AppLayout.js';
import { EmptyState, LoadingState } from '../components/QueryStates.js';
import { homePathFor } from '../lib/navigation.js';
import { RealtimeSync } from '../providers/RealtimeSync.js';
import { useSession } from '../providers/SessionProvider.js';

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
  const { status, abilities } = useSession();
  if (status === 'authenticated' && abilities) return <Navigate to={homePathFor(abilities)} replace />;
  return children;
}

/**
 * Screens for those the server allows one workspace action; others see a polite
 * refusal, not a broken page.
 */
export function RequireAbility({ ability }: { ability: WorkspaceAction }) {
  const { abilities } = useSession();
  if (!abilities?.[ability]) {
    return <EmptyState title="This page is not available to your account." />;
  }
  return <Outlet />;
}

/** `/`: each person's home. */
export function HomeRedirect() {
  const { abilities } = useSession();
  return <Navigate to={abilities ? homePathFor(abilities) : '/login'} replace />;
}

/** Any unknown address inside the app. */
export function NotFoundScene() {
  return <EmptyState title="There is nothing at this address." />;
}
