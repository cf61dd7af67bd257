/**
 * The widget's CSS is text, adopted as constructed style sheets (haptik-chat.ts, `adoptStyles`): `css` only
 * marks it for the build, which minifies what is between the backquotes and drops the tag (vite.config.ts).
 * It takes no `${…}`: a style that depends on a value reads a custom property instead.
 */
export const css = (text: TemplateStringsArray): string => text[0]!;
