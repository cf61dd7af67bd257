import { css } from '../css.js';

/** The web view's styles, adopted when its chunk loads (the first time a page is opened in it). */
export const webViewStyles = css`
  /* The web view: a sheet over most of the panel, the conversation still in sight above it. */
  .webview {
    display: flex;
    flex: 4 1 0;
    flex-direction: column;
    min-block-size: 0;
    background: var(--_background);
    border-block-start: 1px solid var(--_border);
    box-shadow: 0 -6px 16px rgb(0 0 0 / 0.12);
  }
  /* A height from the bot: that share of the panel, over what is below it. */
  .webview[data-height] {
    position: absolute;
    inset-inline: 0;
    inset-block-end: 0;
    z-index: 1;
    block-size: calc(var(--_webview-height) * 100%);
  }
  .webview-bar {
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 4px 8px 4px 4px;
    border-block-end: 1px solid var(--_border);
  }
  .webview-close {
    display: grid;
    place-items: center;
    flex: none;
    inline-size: 40px;
    block-size: 40px;
    padding: 0;
    color: inherit;
    background: transparent;
    border: none;
    border-radius: 50%;
    cursor: pointer;
  }
  .webview-close:hover {
    background: var(--_bot-bubble);
  }
  .webview-close .icon {
    inline-size: 20px;
    block-size: 20px;
  }
  .webview-title {
    flex: 1;
    min-inline-size: 0;
    margin: 0;
    font-size: 0.95em;
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .webview-external {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 6px 8px;
    font-size: 0.85em;
    white-space: nowrap;
    color: var(--_link-color);
    border-radius: 8px;
  }
  .webview iframe {
    flex: 1;
    inline-size: 100%;
    min-block-size: 0;
    border: 0;
    background: #fff;
  }
  .webview-blocked {
    display: none;
    margin: auto;
    padding: 24px;
    text-align: center;
    color: var(--_muted);
  }
  .webview[data-blocked] iframe {
    display: none;
  }
  .webview[data-blocked] .webview-blocked {
    display: block;
  }
  .webview-close:dir(rtl) .icon {
    transform: scaleX(-1);
  }
`;
