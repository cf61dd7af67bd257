/**
 * The launcher's two icons, drawn without Lit (the launcher loads before it), and the path of the one close
 * icon that the panel's buttons draw too (render/icons.ts): stroked 24×24 paths in `currentColor`, hidden
 * from screen readers.
 */
export const CLOSE_PATH = 'M6 6l12 12M18 6L6 18';
const PATHS = { close: CLOSE_PATH, chat: 'M4 5h16v11H9l-5 4z' };

/** An icon of the launcher (or of the panel's frame while the panel loads). */
export function launcherIcon(name: keyof typeof PATHS): SVGSVGElement {
  const make = <K extends keyof SVGElementTagNameMap>(tag: K) =>
    document.createElementNS('http://www.w3.org/2000/svg', tag);
  const icon = make('svg');
  icon.setAttribute('class', `icon icon-${name}`);
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  const path = make('path');
  path.setAttribute('d', PATHS[name]);
  icon.append(path);
  return icon;
}
