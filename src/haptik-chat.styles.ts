import { css } from 'lit';

/** What the launcher needs: loaded with the element, before the panel. */
export const elementStyles = css`
  :host {
    --_accent: var(--haptik-chat-accent, light-dark(#0b57d0, #a8c7fa));
    --_on-accent: var(--haptik-chat-on-accent, light-dark(#fff, #062e6f));
    --_background: var(--haptik-chat-background, light-dark(#fff, #1f1f1f));
    --_color: var(--haptik-chat-color, light-dark(#1f1f1f, #e3e3e3));
    --_muted: var(--haptik-chat-muted, light-dark(#5e5e5e, #b4b4b4));
    --_bot-bubble: var(--haptik-chat-bot-bubble, light-dark(#eef1f5, #303134));
    --_border: var(--haptik-chat-border, light-dark(#d5d9df, #444746));
    --_error: var(--haptik-chat-error, light-dark(#b3261e, #f2b8b5));
    --_radius: var(--haptik-chat-radius, 16px);
    --_focus: var(--haptik-chat-focus-ring, light-dark(#0b57d0, #a8c7fa));
    color-scheme: light dark;
    display: block;
    font-family: var(--haptik-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--haptik-chat-font-size, 15px);
    line-height: 1.4;
    color: var(--_color);
  }
  /* Browsers without light-dark() (before Safari 17.5, Chrome 123) get the light theme, not no colours. */
  @supports not (color: light-dark(#000, #fff)) {
    :host {
      --_accent: var(--haptik-chat-accent, #0b57d0);
      --_on-accent: var(--haptik-chat-on-accent, #fff);
      --_background: var(--haptik-chat-background, #fff);
      --_color: var(--haptik-chat-color, #1f1f1f);
      --_muted: var(--haptik-chat-muted, #5e5e5e);
      --_bot-bubble: var(--haptik-chat-bot-bubble, #eef1f5);
      --_border: var(--haptik-chat-border, #d5d9df);
      --_error: var(--haptik-chat-error, #b3261e);
      --_focus: var(--haptik-chat-focus-ring, #0b57d0);
    }
  }
  :host([hidden]) {
    display: none;
  }
  :host([mode='launcher']) {
    position: fixed;
    inset-block-end: 20px;
    inset-inline-end: 20px;
    z-index: var(--haptik-chat-z-index, 2147483000);
  }
  :host([mode='launcher'][position='bottom-left']) {
    inset-inline-end: auto;
    inset-inline-start: 20px;
  }
  .launcher {
    display: grid;
    place-items: center;
    inline-size: 56px;
    block-size: 56px;
    margin-inline-start: auto;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
    cursor: pointer;
  }
  .launcher {
    position: relative;
  }
  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-inline-size: 20px;
    block-size: 20px;
    padding-inline: 5px;
    box-sizing: border-box;
    border-radius: 10px;
    background: var(--haptik-chat-badge, light-dark(#b3261e, #f2b8b5));
    color: var(--haptik-chat-on-badge, light-dark(#fff, #601410));
    font-size: 12px;
    font-weight: 600;
    line-height: 20px;
    text-align: center;
  }
  .launcher:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 3px;
  }
  svg {
    inline-size: 24px;
    block-size: 24px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
`;
