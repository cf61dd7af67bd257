/**
 * React 19 using `<haptik-chat>` itself: React sets `businessId` and `persist` as properties and
 * listens for `haptik-message` through the `onhaptik-message` prop.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'haptik-chat';
import { EventLog, businessIdOf } from './event-log.js';

function App({ businessId }: { businessId: number }) {
  const [mounted, setMounted] = useState(true);
  const [received, setReceived] = useState<string[]>([]);
  return (
    <>
      <EventLog mounted={mounted} onToggle={() => setMounted(!mounted)} received={received} />
      {mounted && (
        <haptik-chat
          mode="inline"
          heading="React 19"
          businessId={businessId}
          persist="none"
          same-origin-images
          onhaptik-message={(event) => setReceived((list) => [...list, event.message.text])}
        />
      )}
    </>
  );
}

const container = document.getElementById('app')!;
createRoot(container).render(
  <StrictMode>
    <App businessId={businessIdOf(container)} />
  </StrictMode>,
);
