import { css } from 'lit';

/** Styles of what a bot message can contain (adopted with the panel). */
export const messageStyles = css``;
