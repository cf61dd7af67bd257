/**
 * React through `haptik-chat/react`, the @lit/react wrapper (for React 18 and 19): camelCase event
 * props, and a ref to the element for its methods.
 */
import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { HaptikChat, type HaptikChatElement } from 'haptik-chat/react';
import { EventLog, businessIdOf } from './event-log.js';

function App({ businessId }: { businessId: number }) {
  const [mounted, setMounted] = useState(true);
  const [received, setReceived] = useState<string[]>([]);
  const chat = useRef<HaptikChatElement>(null);
  return (
    <>
      <EventLog mounted={mounted} onToggle={() => setMounted(!mounted)} received={received}>
        <button type="button" disabled={!mounted} onClick={() => void chat.current?.clear()}>
          Start over
        </button>
      </EventLog>
      {mounted && (
        <HaptikChat
          ref={chat}
          mode="inline"
          heading="React wrapper"
          businessId={businessId}
          persist="none"
          same-origin-images
          onHaptikMessage={(event) => setReceived((list) => [...list, event.message.text])}
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
