/** What both React pages show beside the chat: a mount switch and what the page's handler received. */
import type { ReactNode } from 'react';

/** The business id is written in the page (`data-business-id`), where `npm start` fills in the real one. */
export const businessIdOf = (element: HTMLElement): number => Number(element.dataset['businessId']);

interface EventLogProps {
  mounted: boolean;
  onToggle(): void;
  received: readonly string[];
  children?: ReactNode;
}

export function EventLog({ mounted, onToggle, received, children }: EventLogProps) {
  return (
    <div className="event-log">
      <button type="button" onClick={onToggle}>
        {mounted ? 'Unmount the chat' : 'Mount the chat'}
      </button>
      {children}
      <p>
        <code>haptik-message</code> events received: <output id="received-count">{received.length}</output>
      </p>
      <p>
        Last: <output id="received-last">{received.at(-1) ?? '—'}</output>
      </p>
    </div>
  );
}
