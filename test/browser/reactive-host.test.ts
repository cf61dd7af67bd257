/**
 * reactive-host.ts, the launcher's stand-in for Lit's ReactiveElement: attributes and properties, one batched
 * update, reflection, controllers in Lit's order, properties set before the element was defined.
 */
import { expect } from '@open-wc/testing';
import type { ReactiveController } from 'lit';
import { ReactiveHost, type Declaration } from '../../src/reactive-host.js';

let count = 0;

/** A new element class (and tag) per test, recording its lifecycle in `log`. */
function defineHost(log: string[] = []) {
  class Host extends ReactiveHost {
    static override properties: Record<string, Declaration> = {
      label: {},
      size: { type: Number },
      busy: { type: Boolean, reflect: true },
      tone: { reflect: true },
      camelCase: { attribute: 'camel-case' },
      data: { attribute: false },
    };
    declare label?: string;
    declare size?: number;
    declare busy: boolean;
    declare tone?: string;
    declare camelCase?: string;
    declare data?: object;
    updates = 0;
    lastChanged = new Map<string, unknown>();
    protected override createRenderRoot(): ShadowRoot {
      return this.attachShadow({ mode: 'open' });
    }
    protected override willUpdate(changed: Map<string, unknown>): void {
      log.push(`willUpdate ${[...changed.keys()].join(',')}`);
    }
    protected override update(changed: Map<string, unknown>): void {
      this.updates += 1;
      this.lastChanged = new Map(changed);
      log.push('update');
      this.renderRoot.textContent = `${this.label ?? ''}:${this.size ?? ''}`;
    }
    protected override updated(): void {
      log.push('updated');
    }
  }
  const tag = `test-host-${(count += 1)}`;
  return { Host, tag, define: () => customElements.define(tag, Host) };
}

type TestHost = InstanceType<ReturnType<typeof defineHost>['Host']>;

/** A host of a new class, on the page, after its first update. */
async function placedHost(log?: string[]): Promise<TestHost> {
  const { tag, define } = defineHost(log);
  define();
  const el = document.createElement(tag) as TestHost;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('reactive-host', () => {
  it('reads attributes as their declared types, and reflects only what is declared so', async () => {
    const { Host, tag, define } = defineHost();
    define();
    const el = document.createElement(tag) as TestHost;
    el.setAttribute('size', '12');
    el.setAttribute('busy', '');
    el.setAttribute('camel-case', 'yes');
    document.body.append(el);
    await el.updateComplete;
    expect([el.size, el.busy, el.camelCase]).to.deep.equal([12, true, 'yes']);
    el.removeAttribute('busy');
    el.removeAttribute('size');
    expect([el.busy, el.size]).to.deep.equal([false, null]);

    el.tone = 'dark';
    el.busy = true;
    el.label = 'not reflected';
    el.data = { a: 1 };
    await el.updateComplete;
    expect(el.getAttribute('tone')).to.equal('dark');
    expect(el.getAttribute('busy')).to.equal('');
    expect(el.hasAttribute('label')).to.equal(false);
    expect(Host.observedAttributes).to.not.include('data');
    el.busy = false;
    el.tone = undefined;
    await el.updateComplete;
    expect(el.hasAttribute('busy') || el.hasAttribute('tone')).to.equal(false);
    el.remove();
  });

  it('batches changes into one update a microtask later, with the values they had before', async () => {
    const el = await placedHost();
    const before = el.updates;
    el.label = 'a';
    el.label = 'b';
    el.size = 3;
    el.size = 3; // the same value: no change
    expect(el.updates).to.equal(before, 'not yet');
    expect(await el.updateComplete).to.equal(true);
    expect(el.updates).to.equal(before + 1);
    expect([...el.lastChanged]).to.deep.equal([
      ['label', undefined],
      ['size', undefined],
    ]);
    expect(el.shadowRoot!.textContent).to.equal('b:3');
    el.remove();
  });

  it('runs the lifecycle in Lit order, with controllers', async () => {
    const log: string[] = [];
    const { tag, define } = defineHost(log);
    define();
    const el = document.createElement(tag) as TestHost;
    const controller: ReactiveController = {
      hostConnected: () => log.push('hostConnected'),
      hostDisconnected: () => log.push('hostDisconnected'),
      hostUpdate: () => log.push('hostUpdate'),
      hostUpdated: () => log.push('hostUpdated'),
    };
    el.addController(controller);
    document.body.append(el);
    await el.updateComplete;
    log.length = 0;
    el.label = 'x';
    await el.updateComplete;
    expect(log).to.deep.equal(['willUpdate label', 'hostUpdate', 'update', 'hostUpdated', 'updated']);
    el.remove();
    expect(log.at(-1)).to.equal('hostDisconnected');
    el.removeController(controller);
    document.body.append(el);
    expect(log.at(-1)).to.equal('hostDisconnected', 'a removed controller is not told');
    el.remove();
  });

  it('waits for the page before its first update, and keeps properties set before it was defined', async () => {
    const { tag, define } = defineHost();
    const el = document.createElement(tag) as HTMLElement & { label?: string; size?: number };
    // Not defined yet: a framework sets properties on a plain element.
    el.label = 'early';
    el.size = 7;
    define();
    customElements.upgrade(el);
    const host = el as TestHost;
    expect(host.updates).to.equal(0);
    document.body.append(host);
    await host.updateComplete;
    expect(host.updates).to.equal(1);
    expect([host.label, host.size]).to.deep.equal(['early', 7]);
    expect(Object.hasOwn(host, 'label')).to.equal(false, 'through the accessor');
    host.remove();
  });

  it('a subclass adds properties to those it inherits, as with Lit', async () => {
    const { Host } = defineHost();
    class Sub extends Host {
      static override properties: Record<string, Declaration> = { extra: { type: Number } };
      declare extra?: number;
    }
    customElements.define(`test-sub-${(count += 1)}`, Sub);
    expect(Sub.observedAttributes).to.include.members(['size', 'camel-case', 'extra']);
    const el = new Sub();
    el.setAttribute('extra', '2');
    el.setAttribute('size', '3');
    document.body.append(el);
    await el.updateComplete;
    expect([el.extra, el.size]).to.deep.equal([2, 3]);
    el.remove();
  });

  it('an update that throws does not stop the next one', async () => {
    const el = await placedHost();
    let fail = true;
    el.addController({
      hostUpdate: () => {
        if (fail) throw new Error('boom');
      },
    });
    const rejected = new Promise((resolve) => {
      const handler = (event: PromiseRejectionEvent) => {
        event.preventDefault();
        window.removeEventListener('unhandledrejection', handler);
        resolve((event.reason as Error).message);
      };
      window.addEventListener('unhandledrejection', handler);
    });
    el.label = 'first';
    await el.updateComplete.catch(() => undefined);
    fail = false;
    el.label = 'second';
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('second:');
    expect(await rejected).to.equal('boom');
    el.remove();
  });
});
