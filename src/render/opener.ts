/**
 * Which control opened a widget's web view, to give focus back to on close. Apart from webview.ts, so the
 * buttons that open a web view do not load it.
 */

/** Per widget (shadow root): the control that opened its web view, to give focus back to on close. */
const openers = new WeakMap<Node, WeakRef<HTMLElement>>();

export function rememberOpener(element: HTMLElement): void {
  openers.set(element.getRootNode(), new WeakRef(element));
}

export function restoreFocus(root: Node): void {
  const element = openers.get(root)?.deref();
  openers.delete(root);
  if (element?.isConnected) element.focus();
}
