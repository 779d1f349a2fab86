import { Route, Routes } from 'react-router';
import './studio.css';
import { StudioList } from './StudioList.js';
import { StudioPage } from './StudioPage.js';

/** The studio console: my studios, and one studio's plan, usage, players, keys and owners. Its own chunk. */
export default function StudioConsole() {
  return (
    <Routes>
      <Route index element={<StudioList />} />
      <Route path=":studioId" element={<StudioPage />} />
    </Routes>
  );
}
