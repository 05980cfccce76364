import type { Health } from '@relaydesk/shared';
import { useEffect, useState } from 'react';

/** A placeholder page that proves the client is served and can reach the API. */
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch('/api/health')
      .then((r) => r.json() as Promise<Health>)
      .then(setHealth)
      .catch(() => setError('The API is not reachable.'));
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}>
      <h1>RelayDesk</h1>
      <p>The helpdesk where tickets are triaged, assigned and resolved live.</p>
      {error && <p role="alert">{error}</p>}
      {health && (
        <p>
          API {health.status}: database {health.mongo.state} ({health.mongo.engine}), Redis {health.redis.state}.
        </p>
      )}
    </main>
  );
}
