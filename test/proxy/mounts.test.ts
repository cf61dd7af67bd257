/**
 * The contract, run against the bare Fetch handler and the servers people mount it in: the Node
 * adapter (`npm start`), Express and Hono. Each mount is written the way the README shows it.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve as serveHono } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import express from 'express';
import { Hono } from 'hono';
import {
  configFromEnv,
  createHaptikProxy,
  createNodeFetch,
  serve,
  toNodeListener,
} from '../../proxy/index.js';
import {
  describeContract,
  describeRateLimitContract,
  type Mount,
  type ProxyUnderTest,
  type SendInit,
} from './contract.js';

const quiet = { log: () => undefined };

/** Sends over loopback HTTP to a listening server. */
function overHttp(server: Server, close: () => Promise<void>): ProxyUnderTest {
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    send: (path: string, init: SendInit = {}) => fetch(`${origin}${path}`, init),
    close,
  };
}

const closeServer = (server: Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const direct: Mount = async (env) => {
  const proxy = createHaptikProxy(configFromEnv(env), quiet);
  const origin = 'https://shop.example';
  return {
    origin,
    send: (path, init = {}) => proxy(new Request(`${origin}${path}`, init), { clientAddress: '203.0.113.7' }),
    close: async () => undefined,
  };
};

const nodeAdapter: Mount = async (env) => {
  const upstream = createNodeFetch();
  const server = await serve(createHaptikProxy(configFromEnv(env), { ...quiet, fetch: upstream }), 0);
  return overHttp(server, async () => {
    upstream.close();
    await closeServer(server)();
  });
};

const inExpress: Mount = async (env) => {
  const proxy = createHaptikProxy(configFromEnv(env), quiet);
  const app = express();
  // Mounted before any body parser: the proxy reads the body itself, with its own limit.
  app.use('/api/haptik', toNodeListener(proxy));
  app.get('/healthz', toNodeListener(proxy));
  app.use(express.json());
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return overHttp(server, closeServer(server));
};

const inHono: Mount = async (env) => {
  const proxy = createHaptikProxy(configFromEnv(env), quiet);
  const app = new Hono();
  app.all('/api/haptik', (c) => proxy(c.req.raw, { clientAddress: getConnInfo(c).remote.address }));
  app.get('/healthz', (c) => proxy(c.req.raw));
  const server = await new Promise<Server>((resolve) => {
    const listening = serveHono({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(listening as Server),
    );
  });
  return overHttp(server, closeServer(server));
};

for (const [name, mount] of [
  ['Fetch handler', direct],
  ['Node adapter', nodeAdapter],
  ['Express', inExpress],
  ['Hono', inHono],
] as const) {
  describeContract(name, mount);
  describeRateLimitContract(name, mount);
}
