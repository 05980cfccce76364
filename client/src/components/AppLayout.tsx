import type { WorkspaceAbilities } from '@relaydesk/shared';
import clsx from 'clsx';
import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { roleLabel } from '../lib/labels.js';
import { homePathFor } from '../lib/navigation.js';
import { describeError } from '../api/client.js';
import { useCurrentUser, useSession, useWorkspaceAbilities } from '../providers/SessionProvider.js';
import { useToast } from '../providers/ToastProvider.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { DesktopNotifier, NotificationSettings } from './NotificationSettings.js';
import { PasswordChangeDialog } from './PasswordChangeDialog.js';
import { PresenceSwitcher } from './PresenceSwitcher.js';
import { ThemeSwitcher } from './ThemeSwitcher.js';
import { UserAvatar } from './UserAvatar.js';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/**
 * The navigation for what the server says the person may do: one entry per
 * area they may use, their home first.
 */
function navItemsFor(abilities: WorkspaceAbilities): NavItem[] {
  const offered: Array<NavItem & { isOffered: boolean }> = [
    { to: '/queue', label: 'My queue', end: true, isOffered: abilities.workQueue },
    { to: '/queue/unassigned', label: 'Unassigned', isOffered: abilities.workQueue },
    { to: '/tickets', label: abilities.listAllTickets ? 'All tickets' : 'My tickets', isOffered: true },
    { to: '/tickets/new', label: 'New ticket', end: true, isOffered: abilities.fileTicket },
    { to: '/apply', label: 'Become a moderator', isOffered: abilities.applyForModerator },
    { to: '/admin/applications', label: 'Applications', isOffered: abilities.decideApplications },
    { to: '/admin/users', label: 'Users', isOffered: abilities.manageUsers },
    { to: '/admin/moderators', label: 'Moderators', isOffered: abilities.manageUsers },
    { to: '/admin/analytics', label: 'Analytics', isOffered: abilities.viewStats },
    { to: '/admin/canned-replies', label: 'Canned replies', isOffered: abilities.manageCannedReplies },
    { to: '/admin/copilot', label: 'Copilot runs', isOffered: abilities.viewCopilotRuns },
  ];
  const items = offered.filter((item) => item.isOffered).map(({ isOffered: _, ...item }) => item);
  const home = homePathFor(abilities);
  return [...items.filter((item) => item.to === home), ...items.filter((item) => item.to !== home)];
}

const linkClass = ({ isActive }: { isActive: boolean }) => clsx(isActive && 'menu-active');

/** The signed-in frame: top bar with navigation, connection, presence, theme and account; the screen below. */
export function AppLayout() {
  const user = useCurrentUser();
  const abilities = useWorkspaceAbilities();
  const session = useSession();
  const { showToast } = useToast();
  const navigate = useNavigate();
  const [isChangingPassword, setChangingPassword] = useState(false);
  const items = navItemsFor(abilities);
  // "New ticket" is a sub-path of "My tickets" (and "Unassigned" of "My queue"); without `end` both would light up.
  const withEnd = items.map((item) => ({ ...item, end: item.end ?? item.to === '/tickets' }));

  const logOut = async () => {
    await session.logOut();
    void navigate('/login', { replace: true });
  };

  const logOutEverywhere = async () => {
    try {
      await session.logOutEverywhere();
      void navigate('/login', { replace: true });
    } catch (error) {
      showToast({ tone: 'error', message: describeError(error) });
    }
  };

  return (
    <div className="flex min-h-screen flex-col bg-base-200">
      <a href="#main" className="btn btn-sm btn-primary absolute -top-20 left-2 z-50 focus:top-2">
        Skip to content
      </a>
      <header className="navbar sticky top-0 z-30 gap-1 bg-base-100 px-2 shadow-sm sm:px-4">
        <div className="navbar-start gap-1">
          <div className="dropdown lg:hidden">
            <div tabIndex={0} role="button" className="btn btn-ghost btn-sm btn-square" aria-label="Open menu">
              <svg xmlns="http://www.w3.org/2000/svg" className="size-5" fill="none" viewBox="0 0 24 24" stroke="currentColor" aria-hidden="true">
                <path strokeLinecap="round" strokeLinejoin="round" strokeWidth={2} d="M4 6h16M4 12h16M4 18h16" />
              </svg>
            </div>
            <ul tabIndex={0} className="menu dropdown-content z-40 mt-3 w-60 rounded-box bg-base-100 p-2 shadow-lg">
              {withEnd.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className={linkClass} onClick={() => (document.activeElement as HTMLElement | null)?.blur()}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
          <NavLink to="/" className="btn btn-ghost btn-sm px-2 text-lg font-bold tracking-tight">
            <span>
              Relay<span className="text-primary">Desk</span>
            </span>
          </NavLink>
        </div>
        <nav className="navbar-center hidden lg:flex" aria-label="Main">
          <ul className="menu menu-horizontal menu-sm gap-1 px-1">
            {withEnd.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className={linkClass}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="navbar-end gap-1">
          <ConnectionIndicator />
          <PresenceSwitcher />
          <div className="dropdown dropdown-end">
            <div tabIndex={0} role="button" className="btn btn-ghost btn-sm btn-circle" aria-label={`Account menu for ${user.name}`}>
              <UserAvatar user={user} size="sm" showPresence={false} />
            </div>
            <div tabIndex={0} className="dropdown-content z-40 mt-3 w-64 rounded-box bg-base-100 p-3 shadow-lg">
              <p className="font-medium" data-testid="current-user-name">
                {user.name}
              </p>
              <p className="truncate text-sm opacity-70">{user.email}</p>
              <p className="mt-1 text-sm">{roleLabel(user.role)}</p>
              <div className="divider my-2" />
              <ThemeSwitcher />
              <div className="divider my-2" />
              <NotificationSettings />
              <button type="button" className="btn btn-ghost btn-sm mt-3 w-full" onClick={() => setChangingPassword(true)}>
                Change password
              </button>
              <button type="button" className="btn btn-outline btn-sm mt-2 w-full" onClick={() => void logOut()}>
                Log out
              </button>
              <button type="button" className="btn btn-ghost btn-sm mt-1 w-full text-error" onClick={() => void logOutEverywhere()}>
                Log out everywhere
              </button>
            </div>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-3 py-4 sm:px-6 sm:py-6" tabIndex={-1}>
        <Outlet />
      </main>
      <DesktopNotifier selfId={user.id} />
      {isChangingPassword && <PasswordChangeDialog onClose={() => setChangingPassword(false)} />}
    </div>
  );
}
