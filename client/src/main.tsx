import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './index.css';
import { applyThemeChoice, readThemeChoice } from './providers/ThemeProvider.js';

// Before the first paint, so a chosen dark theme does not flash light.
applyThemeChoice(readThemeChoice());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
