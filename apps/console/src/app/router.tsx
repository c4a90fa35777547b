import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, Navigate } from 'react-router';
import { SignInScreen } from '../auth/SignInScreen.js';
import { Layout } from './Layout.js';

/**
 * Every screen has its own URL under /console/. Screens load on demand (their own chunks), so the
 * initial JavaScript stays small; the chart library only loads with the usage screen.
 */
export function createConsoleRouter(queryClient: QueryClient) {
  const lazyScreen = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
    Component: (await load()).default,
  });
  return createBrowserRouter(
    [
      { path: '/sign-in', element: <SignInScreen queryClient={queryClient} /> },
      {
        path: '/',
        element: <Layout queryClient={queryClient} />,
        children: [
          { index: true, element: <Navigate to="/integrations" replace /> },
          {
            path: 'integrations',
            lazy: lazyScreen(() => import('../screens/integrations/IntegrationsScreen.js')),
          },
          {
            path: 'integrations/new',
            lazy: lazyScreen(() => import('../screens/integrations/IntegrationFormScreen.js')),
          },
          {
            path: 'integrations/:id',
            lazy: lazyScreen(() => import('../screens/integrations/IntegrationFormScreen.js')),
          },
          {
            path: 'integrations/:id/check',
            lazy: lazyScreen(() => import('../screens/check/CheckScreen.js')),
          },
          {
            path: 'credentials',
            lazy: lazyScreen(() => import('../screens/credentials/CredentialsScreen.js')),
          },
          { path: 'mappings', lazy: lazyScreen(() => import('../screens/mappings/MappingsScreen.js')) },
          { path: 'runs', lazy: lazyScreen(() => import('../screens/runs/RunsScreen.js')) },
          { path: 'runs/:id', lazy: lazyScreen(() => import('../screens/runs/RunScreen.js')) },
          { path: 'usage', lazy: lazyScreen(() => import('../screens/usage/UsageScreen.js')) },
          { path: 'preview', lazy: lazyScreen(() => import('../screens/preview/PreviewScreen.js')) },
          { path: 'events', lazy: lazyScreen(() => import('../screens/events/EventsScreen.js')) },
          { path: '*', lazy: lazyScreen(() => import('./NotFoundScreen.js')) },
        ],
      },
    ],
    { basename: '/console' },
  );
}
