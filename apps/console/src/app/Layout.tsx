import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { onSignOut, readApiKey, signOut } from '../auth/session.js';

const NAV = [
  ['/integrations', 'Integrations'],
  ['/credentials', 'Credentials'],
  ['/mappings', 'External mappings'],
  ['/runs', 'Runs'],
  ['/usage', 'Usage'],
  ['/preview', 'Preview'],
  ['/events', 'Events'],
] as const;

/** The signed-in frame: skip link, navigation, and the screen. No key → the sign-in screen. */
export function Layout({ queryClient }: { queryClient: QueryClient }) {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(
    () =>
      onSignOut((reason) => {
        // Nothing fetched with the old key may show to the next operator.
        queryClient.clear();
        navigate(`/sign-in?reason=${reason}`, { replace: true });
      }),
    [navigate, queryClient],
  );
  if (!readApiKey()) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Integration hub</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="link-button" onClick={() => signOut('signed-out')}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
