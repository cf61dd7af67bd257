/**
 * The design tokens, once: every public `--haptik-chat-<name>` custom property becomes one private
 * `--_<name>` on `:host`, read by every style. Defaults live in this table; a colour has a light and a
 * dark value, and browsers without `light-dark()` get the light one (the `@supports` fallback is made
 * from the same table). Each token is documented as a `@cssprop` on the element.
 */
/** A default: one value, or a colour for each scheme. */
type Default = string | { light: string; dark: string };

export const TOKENS = {
  accent: { light: '#0b57d0', dark: '#a8c7fa' },
  'on-accent': { light: '#fff', dark: '#062e6f' },
  background: { light: '#fff', dark: '#1f1f1f' },
  color: { light: '#1f1f1f', dark: '#e3e3e3' },
  muted: { light: '#5e5e5e', dark: '#b4b4b4' },
  'bot-bubble': { light: '#eef1f5', dark: '#303134' },
  border: { light: '#d5d9df', dark: '#444746' },
  error: { light: '#b3261e', dark: '#f2b8b5' },
  'focus-ring': { light: '#0b57d0', dark: '#a8c7fa' },
  badge: { light: '#b3261e', dark: '#f2b8b5' },
  'on-badge': { light: '#fff', dark: '#601410' },
  header: { light: 'var(--_accent)', dark: '#2b2c2f' },
  'on-header': { light: 'var(--_on-accent)', dark: '#e3e3e3' },
  'link-color': 'var(--_accent)',
  'card-background': 'var(--_background)',
  'button-radius': '12px',
  radius: '16px',
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  'font-size': '15px',
  width: '380px',
  height: '600px',
  'z-index': '2147483000',
} satisfies Record<string, Default>;

export type TokenName = keyof typeof TOKENS;

const entries = Object.entries(TOKENS) as [TokenName, Default][];

const declaration = (name: string, value: string) => `--_${name}:var(--haptik-chat-${name},${value});`;

/** `:host` declares every private token, and light values where `light-dark()` is missing. */
export const tokenStyles: string =
  `:host{${entries
    .map(([name, value]) =>
      declaration(name, typeof value === 'string' ? value : `light-dark(${value.light},${value.dark})`),
    )
    .join('')}}` +
  `@supports not (color:light-dark(#000,#fff)){:host{${entries
    .map(([name, value]) => (typeof value === 'string' ? '' : declaration(name, value.light)))
    .join('')}}}`;
