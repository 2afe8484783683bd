// Socket.IO servers on one real redis-server through the classic Redis adapter: corio's and
// Node's (@socket.io/redis-adapter 8.3.0), each with official socket.io-client clients.
// PEERS names the servers in order, e.g. "corio_node": the checks act from the first (corio)
// and look at the clients of every server; "node_corio" is the other direction;
// "corio_corio_corio" a corio-only cluster. SCALEOUT-FACTS.md §7, items 1-7.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { sleep, within, Redis, startPeer, waitCount, connect, heard: heardBy } = require('./support');

const kinds = (process.env.PEERS || 'corio_node').split('_');
const redis = new Redis();
const peers = [];
const clients = [];  // clients[i]: the clients of peer i

before(async () => {
  await redis.start();
  kinds.forEach((kind, i) => peers.push(startPeer(kind, `${kind}${i}`, redis.sock)));
  for (const p of peers) p.portNumber = await p.port;
  for (const p of peers) await waitCount(p, peers.length);  // every server counts every other
  for (const [i, p] of peers.entries()) {
    clients[i] = await Promise.all([
      connect(p, '/', { rooms: 'r1', user: `a${i}` }),
      connect(p, '/', { rooms: 'r2,r3', user: `b${i}` }),
      connect(p, '/', { user: `c${i}` }),
      connect(p, '/chat', { rooms: 'r1', user: `chat${i}` }),
    ]);
  }
});

after(() => {
  for (const list of clients) for (const c of list || []) c.disconnect();
  for (const p of peers) p.stop();
  redis.cleanup();
});

const origin = () => peers[0];
const all = () => clients.flat();
const byUser = (u) => all().find((c) => c.user === u);

const heard = (event, act, ms) => heardBy(all(), event, act, ms);
const users = (got) => Object.keys(got).sort();
const expectUsers = (prefixes) => peers.flatMap((_, i) => prefixes.map((p) => `${p}${i}`)).sort();

test('io.emit reaches every client of every server of the namespace, once', async () => {
  const got = await heard('news', () => origin().run({ op: 'emit', event: 'news', args: ['hello'] }));
  assert.deepEqual(users(got), expectUsers(['a', 'b', 'c']));
  for (const u of users(got)) assert.deepEqual(got[u], [['hello']]);
});

test('to(room) reaches that room on every server only', async () => {
  const got = await heard('r1news', () => origin().run({ op: 'emit', event: 'r1news', rooms: ['r1'], args: [1] }));
  assert.deepEqual(users(got), expectUsers(['a']));
});

test('to(r1, r2).except(r3) reaches the union minus the exception, each socket once', async () => {
  const got = await heard('multi', () => origin().run({ op: 'emit', event: 'multi', rooms: ['r1', 'r2'], except: ['r3'], args: [2] }));
  assert.deepEqual(users(got), expectUsers(['a']));
  for (const u of users(got)) assert.equal(got[u].length, 1);
});

test('to(socket id) reaches a client of another server', async () => {
  const target = clients[1][2];
  const got = await heard('direct', () => origin().run({ op: 'emit', event: 'direct', rooms: [target.id], args: ['x'] }));
  assert.deepEqual(users(got), [target.user]);
});

test('namespaces stay apart across servers', async () => {
  const got = await heard('chatnews', () => origin().run({ op: 'emit', nsp: '/chat', event: 'chatnews', args: [3] }));
  assert.deepEqual(users(got), expectUsers(['chat']));
});

test('local() is not forwarded', async () => {
  const got = await heard('mine', () => origin().run({ op: 'emit', event: 'mine', local: true, args: [4] }));
  assert.deepEqual(users(got), ['a0', 'b0', 'c0']);
});

test('arguments keep their types across servers, binary as binary', async () => {
  const args = ['s', 42, 1.5, -3, true, null, { a: { b: [1, 'x'] } }, { $buffer: [1, 2, 3] }];
  const got = await heard('types', () => origin().run({ op: 'emit', event: 'types', rooms: ['r1'], args }));
  for (const u of expectUsers(['a'])) {
    const [received] = got[u];
    assert.deepEqual(received.slice(0, 7), args.slice(0, 7), u);
    assert.ok(Buffer.isBuffer(received[7]) || received[7] instanceof ArrayBuffer, `${u} got a binary`);
    assert.deepEqual([...new Uint8Array(received[7])], [1, 2, 3]);
  }
});

test('a Date from a Node server arrives as its ISO string', { skip: kinds[0] !== 'node' }, async () => {
  const got = await heard('date', () => origin().run({ op: 'emit', event: 'date', rooms: ['r1'], args: [{ $date: 1700000000000 }] }));
  for (const u of expectUsers(['a'])) assert.deepEqual(got[u], [['2023-11-14T22:13:20.000Z']]);
});

test('broadcast with acks collects every client of every server', async () => {
  const r = await origin().run({ op: 'ack_emit', event: 'ask', rooms: ['r1'], timeout: 2000 });
  assert.equal(r.err, null);
  assert.deepEqual(r.responses.sort(), expectUsers(['a']).map((u) => `client:${u}`));
});

test('broadcast with acks to nobody answers [] at once', async () => {
  const started = Date.now();
  const r = await origin().run({ op: 'ack_emit', event: 'ask', rooms: ['nobody'], timeout: 3000 });
  assert.equal(r.err, null);
  assert.deepEqual(r.responses, []);
  assert.ok(Date.now() - started < 2000);
});

test('broadcast with acks times out when a client of another server stays silent', async () => {
  const mute = await connect(peers[1], '/', { rooms: 'quiet', user: 'mute' });
  try {
    const r = await origin().run({ op: 'ack_emit', event: 'ask', rooms: ['quiet', 'r1'], timeout: 800 });
    assert.equal(r.err, 'operation has timed out');
  } finally { mute.disconnect(); }
});

test('serverSideEmit reaches every other server; with ack one reply each', async () => {
  await origin().run({ op: 'sse', event: 'hello', args: ['one', 1] });
  await sleep(300);
  for (const p of peers.slice(1)) {
    const { received } = await p.run({ op: 'received' });
    assert.deepEqual(received.at(-1), ['one', 1], p.name);
  }
  assert.deepEqual((await origin().run({ op: 'received' })).received.filter((e) => e[0] === 'one'), []);
  const r = await origin().run({ op: 'sse_ack', event: 'hello', args: ['two'] });
  assert.equal(r.err, null);
  assert.deepEqual(r.responses.sort(), peers.slice(1).map((p) => p.name).sort());
});

test('fetchSockets sees the sockets of every server with rooms, data and handshake', async () => {
  const r = await origin().run({ op: 'fetch', rooms: ['r1'] });
  assert.equal(r.err, null);
  assert.deepEqual(r.sockets.map((s) => s.data.user).sort(), expectUsers(['a']));
  for (const s of r.sockets) {
    assert.ok(s.rooms.includes('r1') && s.rooms.includes(s.id));
    for (const key of ['address', 'auth', 'headers', 'issued', 'query', 'secure', 'time', 'url', 'xdomain']) {
      assert.ok(s.handshake.includes(key), `${s.data.user} handshake.${key}`);
    }
  }
});

test('a fetched remote socket can be emitted to, joined and made to leave', async () => {
  const target = byUser('c1');
  const got = await heard('remote hi', () => origin().run({ op: 'remote', sid: target.id, action: 'emit', event: 'remote hi', args: [5] }));
  assert.deepEqual(users(got), ['c1']);
  await origin().run({ op: 'remote', sid: target.id, action: 'join', room: 'joined-remote' });
  await sleep(200);
  const r = await origin().run({ op: 'fetch', rooms: ['joined-remote'] });
  assert.deepEqual(r.sockets.map((s) => s.data.user), ['c1']);
  await origin().run({ op: 'remote', sid: target.id, action: 'leave', room: 'joined-remote' });
  await sleep(200);
  assert.deepEqual((await origin().run({ op: 'fetch', rooms: ['joined-remote'] })).sockets, []);
});

test('socketsJoin and socketsLeave act on every server, the origin too', async () => {
  await origin().run({ op: 'join', rooms: ['r2'], join: ['r9'] });
  await sleep(200);
  const got = await heard('r9news', () => origin().run({ op: 'emit', event: 'r9news', rooms: ['r9'] }));
  assert.deepEqual(users(got), expectUsers(['b']));
  await origin().run({ op: 'leave', rooms: ['r9'], leave: ['r9'] });
  await sleep(200);
  const none = await heard('r9again', () => origin().run({ op: 'emit', event: 'r9again', rooms: ['r9'] }));
  assert.deepEqual(users(none), []);
});

test('allRooms lists the rooms of every server', async () => {
  const extra = await connect(peers.at(-1), '/', { rooms: 'only-last', user: 'extra' });
  try {
    const r = await origin().run({ op: 'all_rooms' });
    assert.equal(r.err, null);
    assert.ok(r.rooms.includes('only-last') && r.rooms.includes('r1') && r.rooms.includes(extra.id));
  } finally { extra.disconnect(); }
});

test('disconnectSockets reaches clients of every server', async () => {
  const doomed = await Promise.all(peers.map((p, i) => connect(p, '/', { rooms: 'doomed', user: `d${i}` })));
  const reasons = Promise.all(doomed.map((c) => within(new Promise((r) => c.once('disconnect', r)), `${c.user} disconnect`)));
  await origin().run({ op: 'disconnect', rooms: ['doomed'], close: false });
  assert.deepEqual(await reasons, doomed.map(() => 'io server disconnect'));
});
