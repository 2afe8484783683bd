// Bad input over the real wire: a client that breaks the Socket.IO protocol is closed alone;
// the others keep receiving everything. Raw packets are sent with the official engine.io-client.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { Socket: EngineSocket } = require('engine.io-client');
const { io } = require('socket.io-client');

const STEP = 5000;
let server;
let port;
const open = [];

before(async () => {
  server = spawn(process.env.CORIO_SIO_SERVER, [], {
    stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, CONNECT_TIMEOUT: '500' },
  });
  port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), STEP);
    server.stdout.on('data', (chunk) => {
      const m = /PORT=(\d+)/.exec(chunk.toString());
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
  });
});

after(() => {
  for (const s of open) s.close ? s.close() : s.disconnect();
  server.stdin.end();
  setTimeout(() => server.kill('SIGKILL'), 3000).unref();
});

function within(promise, what, ms = STEP) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// A raw Engine.IO connection that has joined the main namespace.
async function rawClient({ join = true } = {}) {
  const socket = new EngineSocket(`ws://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'] });
  open.push(socket);
  const messages = [];
  socket.on('message', (m) => messages.push(m));
  const closed = new Promise((resolve) => socket.on('close', (reason) => resolve(reason)));
  await within(new Promise((resolve) => socket.on('open', resolve)), 'engine open');
  if (join) {
    socket.send('0');  // Socket.IO CONNECT to "/" (engine.io-client adds the message type 4)
    await within(new Promise((resolve) => {
      const check = () => (messages.some((m) => m.startsWith('0{')) ? resolve() : setTimeout(check, 5));
      check();
    }), 'namespace connect');
  }
  return { socket, messages, closed };
}

async function healthyClient() {
  const socket = io(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false, transports: ['websocket'] });
  open.push(socket);
  await within(new Promise((resolve) => socket.once('welcome', resolve)), 'welcome');
  return socket;
}

async function stillWorks(socket) {
  const reply = await within(socket.emitWithAck('echo', 'still here'), 'healthy echo');
  assert.deepEqual(reply, ['still here']);
}

for (const [name, packet] of [
  ['malformed JSON', '2["chat",'],
  ['an unknown packet type', '9[]'],
  ['an event that is not an array', '2{"a":1}'],
  ['a huge attachment count', '51000000-["x",{"_placeholder":true,"num":0}]'],
  ['an event for a namespace it has not joined', '2/admin,["x"]'],
]) {
  test(`a client sending ${name} is closed alone`, async () => {
    const healthy = await healthyClient();
    const bad = await rawClient();
    bad.socket.send(packet);
    const reason = await within(bad.closed, 'bad client closed');
    assert.ok(typeof reason === 'string');
    await stillWorks(healthy);
  });
}

test('an ack for an unknown id is dropped and the client keeps working', async () => {
  const bad = await rawClient();
  bad.socket.send('3999["nobody asked"]');
  bad.socket.send('2["echo","after"]');
  bad.socket.send('21["echo","after"]');
  await within(new Promise((resolve) => {
    const check = () => (bad.messages.some((m) => m.startsWith('31')) ? resolve() : setTimeout(check, 5));
    check();
  }), 'ack after unknown ack');
});

test('a client that never joins a namespace is closed after connect_timeout', async () => {
  const idle = await rawClient({ join: false });
  await within(idle.closed, 'connect timeout close', 3000);
});

test('a flooding client does not stop others from receiving', async () => {
  const healthy = await healthyClient();
  const flooder = await rawClient();
  for (let i = 0; i < 5000; i++) flooder.socket.send(`2["public","flood ${i}"]`);
  await stillWorks(healthy);
});
