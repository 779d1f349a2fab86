import { NavLink, Route, Routes } from 'react-router';
import { AccessPage } from './AccessPage.js';
import './admin.css';
import { AuditPage } from './AuditPage.js';
import { LiveGamesPage } from './LiveGamesPage.js';
import { OverviewPage } from './OverviewPage.js';
import { UserPage } from './UserPage.js';
import { UsersPage } from './UsersPage.js';

const SECTIONS: [string, string][] = [
  ['', 'Overview'],
  ['users', 'Users'],
  ['audit', 'Audit log'],
  ['games', 'Live games'],
  ['access', 'Roles and bindings'],
];

/**
 * The admin console: engagement figures and charts, accounts, the audit log, live games and
 * access. Loaded on demand (its own chunk, with the charts), so players never download it.
 */
export default function AdminConsole() {
  return (
    <section className="card admin-console" aria-labelledby="admin-heading">
      <h1 id="admin-heading">Administration</h1>
      <nav aria-label="Console" className="console-nav">
        {SECTIONS.map(([path, label]) => (
          <NavLink key={path} to={`/admin/${path}`} end={path === ''}>
            {label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<OverviewPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="users/:userId" element={<UserPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="games" element={<LiveGamesPage />} />
        <Route path="access" element={<AccessPage />} />
      </Routes>
    </section>
  );
}
