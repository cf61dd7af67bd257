/**
 * The panel's header: the bot's (or agent's) picture, the heading, who answers, the menu button (its
 * menu comes with the panel's extras, loaded when first used) and a close button.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Agent } from '../hsl.js';
import type { ChatStrings } from '../strings.js';
import { safeUrl } from '../url-policy.js';
import type { ImageUse } from '../url-policy.js';
import { icon } from './icons.js';

/** The id of the header's menu (one per shadow root). */
export const MENU_ID = 'haptik-chat-menu';

export interface HeaderOptions {
  heading: string;
  agent: Agent | undefined;
  strings: ChatStrings;
  images: ImageUse;
  /** Set when the panel can be closed (launcher mode). */
  close?: (() => void) | undefined;
  /** The menu button's handler (click and keys), and whether its menu is open. */
  menu: { open: boolean; toggle(event: MouseEvent | KeyboardEvent): void; popup: unknown };
}

export function renderHeader({
  heading,
  agent,
  strings,
  images,
  close,
  menu,
}: HeaderOptions): TemplateResult {
  const avatar = agent?.avatar ? safeUrl(agent.avatar, agent.own ? 'own-image' : images) : undefined;
  return html`<div part="header" class="header">
    ${
      avatar
        ? html`<img
            class="avatar"
            src=${avatar}
            alt=""
            width="32"
            height="32"
            referrerpolicy="no-referrer"
          />`
        : nothing
    }
    <div class="titles">
      <h2>${heading}</h2>
      ${agent && agent.name !== heading ? html`<p class="agent">${agent.name}</p>` : nothing}
    </div>
    <button
      part="menu-button"
      class="close"
      type="button"
      aria-label=${strings.menu}
      aria-haspopup="menu"
      aria-expanded=${menu.open ? 'true' : 'false'}
      aria-controls=${menu.open ? MENU_ID : nothing}
      @click=${menu.toggle}
      @keydown=${menu.toggle}
    >
      ${icon('more')}
    </button>
    ${menu.popup}
    ${
      close
        ? html`<button class="close" type="button" aria-label=${strings.closeChat} @click=${close}>
            ${icon('close')}
          </button>`
        : nothing
    }
  </div>`;
}
