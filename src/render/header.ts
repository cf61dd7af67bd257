/** The panel's header: the bot's (or agent's) picture, the heading, who answers, and a close button. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Agent } from '../hsl.js';
import type { ChatStrings } from '../strings.js';
import { safeUrl } from '../url-policy.js';
import type { ImageUse } from './context.js';
import { icon } from './icons.js';

export interface HeaderOptions {
  heading: string;
  agent: Agent | undefined;
  strings: ChatStrings;
  images: ImageUse;
  /** Set when the panel can be closed (launcher mode). */
  close?: (() => void) | undefined;
}

export function renderHeader({ heading, agent, strings, images, close }: HeaderOptions): TemplateResult {
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
    ${
      close
        ? html`<button class="close" type="button" aria-label=${strings.closeChat} @click=${close}>
            ${icon('close')}
          </button>`
        : nothing
    }
  </div>`;
}
