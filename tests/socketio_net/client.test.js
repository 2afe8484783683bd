// The official socket.io-client against corio's Socket.IO server (tests/socketio_net/test_server.cpp).
// SIO_TRANSPORT: websocket | polling | upgrade (polling first, then the upgrade, as browsers do).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { io } = require('socket.io-client');

const transport = process.env.SIO_TRANSPORT || 'websocket';
const transportOptions = transport === 'websocket' ? { transports: ['websocket'] }
  : transport === 'polling' ? { transports: ['polling'] } : {};
const STEP = 5000;  // every wait is bounded
let server;
let base;
const open = [];

before(async () => {
  server = spawn(process.env.CORIO_SIO_SERVER, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), STEP);
    server.stdout.on('data', (chunk) => {
      const m = /PORT=(\d+)/.exec(chunk.toString());
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
  });
});

after(() => {
  for (const s of open) s.disconnect();
  server.stdin.end();
  setTimeout(() => server.kill('SIGKILL'), 3000).unref();
});

function within(promise, what, ms = STEP) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function connect(nsp = '/', options = {}) {
  const socket = io(base + nsp, { forceNew: true, reconnection: false, ...transportOptions, ...options });
  open.push(socket);
  return socket;
}

function once(socket, event) {
  return within(new Promise((resolve) => socket.once(event, (...args) => resolve(args))), event);
}

async function connected(nsp, options) {
  const socket = connect(nsp, options);
  const [welcome] = nsp === undefined || nsp === '/' ? await once(socket, 'welcome') : [null];
  if (!socket.connected) await once(socket, 'connect');
  if (transport === 'upgrade') {
    // Wait until the engine has switched to websocket so the scenario runs after the upgrade.
    await within(new Promise((resolve) => {
      if (socket.io.engine.transport.name === 'websocket') return resolve();
      socket.io.engine.once('upgrade', () => resolve());
    }), 'upgrade');
  }
  return { socket, welcome };
}

// Proves `socket` got nothing more: a ping round trip after which any stray event would be in.
async function settle(socket) { await within(socket.emitWithAck('echo', 'settle'), 'settle'); }

test('connects with auth and gets its id in a welcome event', async () => {
  const { socket, welcome } = await connected('/', { auth: { token: 'ok', user: 'ann' } });
  assert.equal(welcome.id, socket.id);
  assert.equal(welcome.id.length, 20);
  assert.deepEqual(welcome.auth, { token: 'ok', user: 'ann' });
});

test('middleware refusal reaches connect_error with message and data', async () => {
  const socket = connect('/', { auth: { token: 'bad' } });
  const [err] = await once(socket, 'connect_error');
  assert.equal(err.message, 'not authorized');
  assert.deepEqual(err.data, { code: 42 });
});

test('custom namespace with its own middleware', async () => {
  const refused = connect('/admin');
  const [err] = await once(refused, 'connect_error');
  assert.equal(err.message, 'admins only');
  const admin = connect('/admin', { auth: { token: 'admin' } });
  const [name] = await once(admin, 'admin hello');
  assert.equal(name, '/admin');
});

test('dynamic namespaces by regex, unknown namespaces refused', async () => {
  const dyn = connect('/dyn-12');
  const [name] = await once(dyn, 'dyn');
  assert.equal(name, '/dyn-12');
  assert.deepEqual(await within(dyn.emitWithAck('echo', 1, 'two'), 'dyn echo'), [1, 'two']);
  const unknown = connect('/nope');
  const [err] = await once(unknown, 'connect_error');
  assert.equal(err.message, 'Invalid namespace');
});

test('acks carry several arguments in order, with nested objects', async () => {
  const { socket } = await connected('/');
  const reply = await within(socket.emitWithAck('echo', { a: [1, { b: 'c' }], z: null }, 'x', 3.5), 'echo');
  assert.deepEqual(reply, [{ a: [1, { b: 'c' }], z: null }, 'x', 3.5]);
});

test('binary arguments both ways, nested in objects', async () => {
  const { socket } = await connected('/');
  const bytes = Buffer.from([0, 1, 2, 255, 254]);
  const reply = await within(socket.emitWithAck('echo', { file: bytes, meta: { name: 'f.bin' } }, new Uint8Array([9, 8]).buffer), 'binary echo');
  assert.ok(Buffer.from(reply[0].file).equals(bytes));
  assert.equal(reply[0].meta.name, 'f.bin');
  assert.deepEqual([...Buffer.from(reply[1])], [9, 8]);
});

test('public, broadcast and private emits reach exactly whom they should', async () => {
  const a = (await connected('/')).socket;
  const b = (await connected('/')).socket;
  const c = (await connected('/')).socket;
  const got = { a: [], b: [], c: [] };
  for (const [name, s] of Object.entries({ a, b, c })) {
    for (const ev of ['public', 'broadcast', 'private']) s.on(ev, (d) => got[name].push(`${ev}:${d}`));
  }
  a.emit('public', 'p1');
  a.emit('broadcast', 'b1');
  a.emit('private', { to: c.id, data: 'w1' });
  await within(new Promise((resolve) => { const t = setInterval(() => { if (got.c.length >= 3 && got.a.length >= 1 && got.b.length >= 2) { clearInterval(t); resolve(); } }, 10); }), 'deliveries');
  for (const s of [a, b, c]) await settle(s);
  assert.deepEqual(got.a.filter((x) => !x.startsWith('public:') || x === 'public:p1'), ['public:p1']);
  assert.deepEqual(got.b.filter((x) => x.endsWith('1')), ['public:p1', 'broadcast:b1']);
  assert.deepEqual(got.c.filter((x) => x.endsWith('1')), ['public:p1', 'broadcast:b1', 'private:w1']);
});

test('rooms: join, leave, unions and exceptions deliver once each', async () => {
  const a = (await connected('/')).socket;
  const b = (await connected('/')).socket;
  const c = (await connected('/')).socket;
  const room = `r${Date.now()}`;
  await a.emitWithAck('join', `${room}-1`);
  await b.emitWithAck('join', `${room}-1`);
  await b.emitWithAck('join', `${room}-2`);
  await c.emitWithAck('join', `${room}-2`);
  const got = { a: [], b: [], c: [] };
  for (const [name, s] of Object.entries({ a, b, c })) s.on('multi', (d) => got[name].push(d));
  a.emit('to rooms except', { rooms: [`${room}-1`, `${room}-2`], except: [], data: 'both' });
  a.emit('to rooms except', { rooms: [`${room}-1`, `${room}-2`], except: [`${room}-2`], data: 'only-1' });
  for (const s of [a, b, c]) await settle(s);
  await new Promise((r) => setTimeout(r, 50));
  for (const s of [a, b, c]) await settle(s);
  assert.deepEqual(got, { a: ['both', 'only-1'], b: ['both'], c: ['both'] });
  assert.deepEqual((await b.emitWithAck('rooms')).sort(), [b.id, `${room}-1`, `${room}-2`].sort());
  assert.equal(await a.emitWithAck('fetch', `${room}-2`), 2);
  await b.emitWithAck('leave', `${room}-2`);
  assert.equal(await a.emitWithAck('fetch', `${room}-2`), 1);
});

test('socket.to(room) reaches the room but not the sender', async () => {
  const a = (await connected('/')).socket;
  const b = (await connected('/')).socket;
  const room = `s${Date.now()}`;
  await a.emitWithAck('join', room);
  await b.emitWithAck('join', room);
  const got = [];
  a.on('room msg', (d) => got.push(`a:${d}`));
  b.on('room msg', (d) => got.push(`b:${d}`));
  a.emit('socket to room', { room, data: 'hi' });
  await once(b, 'room msg');
  await settle(a);
  assert.deepEqual(got, ['b:hi']);
});

test('server emit_with_ack gets the reply, or times out when the client does not answer', async () => {
  const { socket } = await connected('/');
  socket.once('question', (q, callback) => callback(`answer to ${q}`));
  socket.emit('server ack', 'life');
  const [answer] = await once(socket, 'answer');
  assert.equal(answer, 'answer to life');
  socket.once('question', () => { /* never answers */ });
  socket.emit('server ack', 'silence');
  await once(socket, 'answer timeout');
});

test('broadcast emit_with_ack collects every reply', async () => {
  const a = (await connected('/')).socket;
  const b = (await connected('/')).socket;
  const sockets = open.filter((s) => s.connected && s.nsp === '/');
  for (const s of sockets) s.on('poll', (callback) => callback(s.id));
  a.emit('broadcast ack', null);
  const [results] = await once(a, 'poll results');
  assert.ok(results.includes(a.id) && results.includes(b.id));
  assert.equal(results.length, new Set(results).size);
});

test('reserved event names cannot be emitted', async () => {
  const { socket } = await connected('/');
  const message = await within(socket.emitWithAck('reserved'), 'reserved');
  assert.match(message, /reserved event name/);
});

test('disconnect reasons on both sides', async () => {
  const watcher = (await connected('/')).socket;
  const a = (await connected('/')).socket;
  a.disconnect();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal((await watcher.emitWithAck('reasons')).at(-1), 'client namespace disconnect');
  const b = (await connected('/')).socket;
  b.emit('disconnect me', false);
  const [reason] = await once(b, 'disconnect');
  assert.equal(reason, 'io server disconnect');
  assert.equal((await watcher.emitWithAck('reasons')).at(-1), 'server namespace disconnect');
});

test('volatile emits are dropped while the transport is busy and sent when it is idle', async () => {
  const { socket } = await connected('/');
  const got = [];
  for (const event of ['kept', 'dropped', 'late']) socket.on(event, (v) => got.push([event, v]));
  const kept = once(socket, 'kept');
  socket.emit('volatile pair');
  await within(kept, 'kept');
  // Over polling the server can only write while a GET waits, which the client re-sends after
  // each response: ask again until one volatile emit finds the transport idle (bounded).
  const late = once(socket, 'late');
  let answered = false;
  late.then(() => { answered = true; });
  for (let i = 0; i < 40 && !answered; i++) {
    socket.emit('volatile idle');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await within(late, 'late');
  // In order: a 'dropped' that was sent would have arrived right after 'kept', before 'late'.
  assert.deepEqual(got[0], ['kept', 1]);
  assert.deepEqual(got[1], ['late', 3]);
  assert.equal(got.filter(([event]) => event === 'dropped').length, 0);
});

test('messages to one client arrive in order', async () => {
  const { socket } = await connected('/');
  const seen = [];
  const done = new Promise((resolve) => socket.on('seq', (i) => { seen.push(i); if (seen.length === 500) resolve(); }));
  socket.emit('many', 500);
  await within(done, '500 messages', 20000);
  assert.deepEqual(seen, [...Array(500).keys()]);
});

test('100 clients in a room each receive 1000 messages once, in order', { timeout: 120000 }, async () => {
  const room = `big${Date.now()}`;
  const clients = [];
  for (let i = 0; i < 100; i++) clients.push((await connected('/')).socket);
  await Promise.all(clients.map((s) => s.emitWithAck('join', room)));
  const counts = clients.map(() => ({ next: 0, bad: 0 }));
  const done = Promise.all(clients.map((s, i) => new Promise((resolve) => {
    s.on('bulk', (n) => { if (n !== counts[i].next) counts[i].bad++; counts[i].next = n + 1; if (n === 999) resolve(); });
  })));
  for (let n = 0; n < 1000; n++) clients[0].emit('to room', { room, event: 'bulk', data: n });
  await within(done, '100 x 1000 deliveries', 90000);
  assert.ok(counts.every((c) => c.bad === 0 && c.next === 1000), JSON.stringify(counts.filter((c) => c.bad)));
  for (const s of clients) s.disconnect();
});
