import { NavLink, Outlet } from 'react-router';
import { useRealtime } from '../app/realtime.js';
import { useSession } from '../app/session.js';

/** The shell: navigation by role, who is signed in, and the page. */
export function Layout() {
  const { me, isAdmin, signOut } = useSession();
  const { connected, reconnecting } = useRealtime();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <NavLink to="/" className="brand" aria-label="Parlor home">
          ◆ Parlor
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Home
          </NavLink>
          <NavLink to="/messages">Messages</NavLink>
          <NavLink to="/account">Account</NavLink>
          {isAdmin && <NavLink to="/admin">Admin</NavLink>}
          <NavLink to="/studio">Studio</NavLink>
        </nav>
        <div className="me">
          <span
            className={connected ? 'dot on' : 'dot'}
            aria-label={connected ? 'Connected' : 'Connecting'}
            role="img"
          />
          <span>{me?.username}</span>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {reconnecting && (
        <p className="banner" role="status">
          Reconnecting…
        </p>
      )}
      <main id="main">
        <Outlet />
      </main>
    </div>
  );
}
