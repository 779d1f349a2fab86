import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from '../components/Layout.js';
import { AccountPage } from '../pages/AccountPage.js';
import { HomePage } from '../pages/HomePage.js';
import { JoinLinkPage } from '../pages/JoinLinkPage.js';
import { MessagesPage } from '../pages/MessagesPage.js';
import { SetupPage } from '../pages/SetupPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { RealtimeProvider } from './realtime.js';
import { useSession } from './session.js';

// Code-split: the game (canvas, msgpack, state sync) loads when a room opens; the consoles only
// for those who open them, so a player's first visit downloads neither console.
const GameRoomPage = lazy(() => import('../game/GameRoomPage.js'));
const AdminConsole = lazy(() => import('../admin/AdminConsole.js'));
const StudioConsole = lazy(() => import('../studio/StudioConsole.js'));

export function App() {
  const { status, client } = useSession();
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => client.identity.setup(), staleTime: 60_000 });
  if (status === 'loading' || setup.isPending)
    return (
      <p className="loading" role="status">
        Loading Parlor…
      </p>
    );
  const firstRun = setup.data?.bootstrapPending && status === 'signedOut';

  return (
    <Routes>
      <Route path="/setup" element={firstRun ? <SetupPage /> : <Navigate to="/" replace />} />
      <Route path="/signin" element={status === 'signedIn' ? <BackToWhereYouWere /> : <SignInPage />} />
      <Route
        element={
          <SignedIn firstRun={Boolean(firstRun)}>
            <RealtimeProvider>
              <Layout />
            </RealtimeProvider>
          </SignedIn>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="join/:code" element={<JoinLinkPage />} />
        <Route
          path="play/:gameId"
          element={
            <Lazy>
              <GameRoomPage />
            </Lazy>
          }
        />
        <Route path="messages" element={<MessagesPage />} />
        <Route path="messages/:userId" element={<MessagesPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route
          path="admin/*"
          element={
            <AdminOnly>
              <Lazy>
                <AdminConsole />
              </Lazy>
            </AdminOnly>
          }
        />
        <Route
          path="studio/*"
          element={
            <Lazy>
              <StudioConsole />
            </Lazy>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/** Signed-out visitors go to the sign-in screen, and come back to where they were going. */
function SignedIn({ children, firstRun }: { children: ReactNode; firstRun: boolean }) {
  const { status } = useSession();
  const location = useLocation();
  if (firstRun) return <Navigate to="/setup" replace />;
  if (status !== 'signedIn') return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  return children;
}

/** Signed in on the sign-in screen: on to the page that sent the person there (a share link). */
function BackToWhereYouWere() {
  const from = (useLocation().state as { from?: string } | null)?.from;
  return <Navigate to={from?.startsWith('/') ? from : '/'} replace />;
}

function AdminOnly({ children }: { children: ReactNode }) {
  return useSession().isAdmin ? children : <NotFound />;
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p role="status">Loading…</p>}>{children}</Suspense>;
}

function NotFound() {
  return (
    <section className="card narrow">
      <h1>Not found</h1>
      <p>There is nothing at this address.</p>
    </section>
  );
}
