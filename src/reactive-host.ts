/**
 * What the launcher's element takes from Lit's ReactiveElement, without loading Lit: properties declared in
 * a table (attribute, type, reflection) with accessors made from it, one batched update a microtask after
 * any change, and reactive controllers. Lit's own lifecycle order is kept (willUpdate, controllers'
 * hostUpdate, reflection, update, controllers' hostUpdated, updated), so the panel and the prompt, which
 * render with Lit once their code has loaded, are controllers of this host as they would be of a LitElement.
 * The launcher page pays for none of Lit: its module, its 24 properties made one by one, its first template.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How a property meets its attribute, as Lit declares it (the manifest's analyzer reads the same table). */
export interface Declaration {
  /** The attribute's name (by default the property's, lower-cased); `false`: none. */
  attribute?: string | false;
  /** How the attribute's text is read: as a number, as present or absent, else as it is. */
  type?: typeof Number | typeof Boolean;
  /** The value is written back to its attribute, where styles and pages can see it. */
  reflect?: boolean;
}

/** In Node (a framework's server build) there is no HTMLElement: the class is defined there, never made. */
const Element = (globalThis.HTMLElement ?? Object) as typeof HTMLElement;

const attributeOf = (name: string, declaration: Declaration): string | false =>
  declaration.attribute ?? name.toLowerCase();

const tables = new WeakMap<object, Record<string, Declaration>>();

export abstract class ReactiveHost extends Element implements ReactiveControllerHost {
  /** Each reactive property: set one, and the element updates (see {@link Declaration}). */
  static properties: Record<string, Declaration> = {};

  /** Read once, when the element is defined: the accessors are made then (as Lit finalizes a class). */
  static get observedAttributes(): string[] {
    return Object.entries(ReactiveHost.#declarations(this)).flatMap(([name, declaration]) => {
      const attribute = attributeOf(name, declaration);
      return attribute ? [attribute] : [];
    });
  }

  /**
   * Makes the class's accessors now rather than when it is defined (which does it too): a page's framework
   * may look for them on the prototype first, even on a server, where nothing is defined.
   */
  protected static finalize(): void {
    ReactiveHost.#declarations(this);
  }

  /**
   * A class's properties with those of the classes it extends (as Lit merges them): its own win. The first
   * call makes the accessors of the class's own; those it inherits are on its parents' prototypes.
   */
  static #declarations(host: typeof ReactiveHost): Record<string, Declaration> {
    let table = tables.get(host);
    if (!table) {
      const parent = Object.getPrototypeOf(host) as typeof ReactiveHost;
      const own = Object.hasOwn(host, 'properties') ? host.properties : {};
      const inherited = parent.prototype instanceof ReactiveHost ? ReactiveHost.#declarations(parent) : {};
      tables.set(host, (table = { ...inherited, ...own }));
      for (const [name, declaration] of Object.entries(own)) ReactiveHost.#accessor(host, name, declaration);
    }
    return table;
  }

  /** Makes the accessor of a declared property on the prototype. */
  static #accessor(host: typeof ReactiveHost, name: string, declaration: Declaration): void {
    Object.defineProperty(host.prototype, name, {
      get(this: ReactiveHost) {
        return this.#values.get(name);
      },
      set(this: ReactiveHost, value: unknown) {
        const old = this.#values.get(name);
        if (Object.is(old, value)) return;
        this.#values.set(name, value);
        if (declaration.reflect && this.#fromAttribute !== name) this.#toReflect.add(name);
        this.requestUpdate(name, old);
      },
      configurable: true,
      enumerable: true,
    });
  }

  readonly #values = new Map<string, unknown>();
  /** Each property changed since the last update, with the value it had before. */
  #changed = new Map<string, unknown>();
  readonly #toReflect = new Set<string>();
  /** The property whose attribute is being read (not to be written back), or written (not to be read). */
  #fromAttribute?: string;
  #toAttribute?: string;
  readonly #controllers = new Set<ReactiveController>();
  #pending = false;
  #enableUpdating!: () => void;
  /** The update under way or last done; the first waits until the element is on a page. */
  #update = new Promise<boolean>((resolve) => (this.#enableUpdating = () => resolve(true)));
  #root?: ShadowRoot;
  /**
   * Properties a page set before the element was defined (a framework, the script tag loading late): own
   * properties that hide the accessors. Taken off and set again through them at the first update.
   */
  #early?: Map<string, unknown>;

  constructor() {
    super();
    for (const name of Object.keys(ReactiveHost.#declarations(this.constructor as typeof ReactiveHost))) {
      if (!Object.hasOwn(this, name)) continue;
      (this.#early ??= new Map()).set(name, this[name as keyof this]);
      Reflect.deleteProperty(this, name);
    }
    // The first update, once the element is on a page, whatever is set by then.
    this.requestUpdate();
  }

  /** The element's shadow root, where it renders: made when first needed. */
  get renderRoot(): ShadowRoot {
    return (this.#root ??= this.createRenderRoot());
  }

  protected abstract createRenderRoot(): ShadowRoot;

  /** Resolves once the update asked for last is done: `true` if it asked for no other. */
  get updateComplete(): Promise<boolean> {
    return this.#update;
  }

  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
    if (this.#root && this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  connectedCallback(): void {
    void this.renderRoot;
    this.#enableUpdating();
    for (const controller of this.#controllers) controller.hostConnected?.();
  }

  disconnectedCallback(): void {
    for (const controller of this.#controllers) controller.hostDisconnected?.();
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    const properties = ReactiveHost.#declarations(this.constructor as typeof ReactiveHost);
    const name = Object.keys(properties).find((key) => attributeOf(key, properties[key]!) === attribute);
    if (!name || name === this.#toAttribute) return;
    const { type } = properties[name]!;
    this.#fromAttribute = name;
    (this as Record<string, unknown>)[name] =
      type === Boolean ? value !== null : type === Number && value !== null ? Number(value) : value;
    this.#fromAttribute = undefined;
  }

  /** Asks for an update, a microtask from now (one for any number of asks); `name` changed from `old`. */
  requestUpdate(name?: string, old?: unknown): void {
    if (name !== undefined && !this.#changed.has(name)) this.#changed.set(name, old);
    if (this.#pending) return;
    this.#pending = true;
    this.#update = this.#enqueue();
  }

  async #enqueue(): Promise<boolean> {
    try {
      await this.#update;
    } catch (error) {
      // An update that threw does not stop the next one; its error is still reported.
      void Promise.reject(error);
    }
    this.#performUpdate();
    return !this.#pending;
  }

  #performUpdate(): void {
    for (const [name, value] of this.#early ?? []) (this as Record<string, unknown>)[name] = value;
    this.#early = undefined;
    const changed = this.#changed;
    try {
      this.willUpdate(changed);
      for (const controller of this.#controllers) controller.hostUpdate?.();
      for (const name of this.#toReflect) this.#reflect(name);
      this.#toReflect.clear();
    } finally {
      this.#changed = new Map();
      this.#pending = false;
    }
    this.update(changed);
    for (const controller of this.#controllers) controller.hostUpdated?.();
    this.updated(changed);
  }

  #reflect(name: string): void {
    const attribute = attributeOf(
      name,
      ReactiveHost.#declarations(this.constructor as typeof ReactiveHost)[name]!,
    );
    if (!attribute) return;
    const value = (this as Record<string, unknown>)[name];
    this.#toAttribute = name;
    if (value === undefined || value === null || value === false) this.removeAttribute(attribute);
    else this.setAttribute(attribute, value === true ? '' : String(value));
    this.#toAttribute = undefined;
  }

  /** Before the update: work out what depends on the changed properties. */
  protected willUpdate(_changed: Map<string, unknown>): void {}

  /** Draws the element. */
  protected abstract update(changed: Map<string, unknown>): void;

  /** After the update and the controllers' hostUpdated. */
  protected updated(_changed: Map<string, unknown>): void {}
}
