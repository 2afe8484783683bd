// tests/chat/protocol.test.js: the realtime protocol of apps/chat/PROTOCOL.md, checked with the
// official socket.io-client against $CHAT_SERVER_CMD (default: the Node reference).
// Run: node --test tests/chat/    (the server gets HISTORY_SIZE=10 to make the cap testable)
'use strict';
const { describe, test, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { ChatServer, connect, next, request, user, until, uniq } = require('./support');

const HISTORY_SIZE = 10;
const NOTICE_TOKEN = 'operator-token-' + process.pid;
const server = new ChatServer({ HISTORY_SIZE: String(HISTORY_SIZE), NOTICE_TOKEN });
const open = [];

before(() => server.start());
after(() => server.stop());
// Disconnected users leave the online list before the next test's `users()` returns.
afterEach(() => { for (const s of open.splice(0)) s.disconnect(); });

/// Logs in `n` fresh users over `transport` and waits until this test's users are exactly who is online.
async function users(n, transport = 'websocket', rooms = undefined) {
  const list = [];
  for (let i = 0; i < n; i++) {
    const s = await user(server, uniq('u'), { transport, rooms });
    open.push(s);
    list.push(s);
  }
  const names = open.filter((s) => s.nickname && s.connected).map((s) => s.nickname).sort();
  const last = list[list.length - 1];
  await until(() => {
    const online = last.got.users.filter((u) => u.room === '').pop();
    const current = online ? online.users : last.login.users;
    return JSON.stringify(current.slice().sort()) === JSON.stringify(names);
  }, `only ${names.join(', ')} are online`);
  return list;
}

async function client(transport = 'websocket') {
  const s = await connect(server, { transport });
  open.push(s);
  return s;
}

const say = (s, type, data, extra = {}) =>
  request(s, 'chat message', { recipient: '', command: 'chat', type, data, ...extra });

let barriers = 0;
/// Sends a public message from `from` and waits until every socket of `all` got it: whatever
/// `from` sent before has then reached everyone it ever will (one sender, ordered streams).
async function barrier(from, all) {
  const mark = `barrier-${++barriers}`;
  const reply = await say(from, 'public', mark);
  assert.equal(reply.ok, true, `barrier refused: ${reply.error}`);
  await until(() => all.every((s) => s.got['chat message'].some((m) => m.data === mark)), `${mark} reached everyone`);
}

const texts = (s) => s.got['chat message'].filter((m) => !m.data.startsWith('barrier-')).map((m) => m.data);

describe('login', () => {
  test('refuses nicknames that are empty, too long, not a string or with other characters', async () => {
    const s = await client();
    for (const nickname of ['', 'a'.repeat(21), 'has space', 'semi;colon', '<b>', 'ünïcode', 42, null]) {
      const reply = await request(s, 'login', { nickname });
      assert.equal(reply.ok, false, `accepted ${JSON.stringify(nickname)}`);
      assert.equal(typeof reply.error, 'string');
    }
    assert.equal((await request(s, 'login', 'not an object')).ok, false);
  });

  test('answers a refused login with chat error too', async () => {
    const s = await client();
    const error = next(s, 'chat error');
    await request(s, 'login', { nickname: 'bad name' });
    const e = await error;
    assert.equal(e.event, 'login');
    assert.equal(typeof e.error, 'string');
  });

  test('accepts 1 to 20 letters, digits, underscores and dashes', async () => {
    for (const nickname of ['Z', 'a'.repeat(20), 'under_score-dash9']) {
      const s = await client();
      const reply = await request(s, 'login', { nickname });
      assert.equal(reply.ok, true, `refused ${nickname}: ${reply.error}`);
      assert.equal(reply.nickname, nickname);
    }
  });

  test('replies with the nickname, rooms, who is online and the lobby history', async () => {
    const [a] = await users(1);
    assert.deepEqual(Object.keys(a.login), ['ok', 'nickname', 'rooms', 'users', 'history']);
    assert.deepEqual(a.login.rooms, ['lobby']);
    assert.ok(a.login.users.includes(a.nickname));
    assert.ok(Array.isArray(a.login.history.lobby));
  });

  test('refuses a nickname already online, ignoring case, and frees it on disconnect', async () => {
    const [a, watcher] = await users(2);
    const s = await client();
    const taken = await request(s, 'login', { nickname: a.nickname.toUpperCase() });
    assert.deepEqual([taken.ok, typeof taken.error], [false, 'string']);
    const gone = next(watcher, 'notice', undefined, (n) => n.type === 'logout' && n.nickname === a.nickname);
    a.disconnect();
    await gone;
    const again = await request(s, 'login', { nickname: a.nickname.toUpperCase() });
    assert.equal(again.ok, true, again.error);
  });

  test('refuses a second login on the same socket', async () => {
    const [a] = await users(1);
    assert.equal((await request(a, 'login', { nickname: uniq('n') })).ok, false);
  });

  test('rejoins the rooms it is given, skipping invalid names', async () => {
    const room = uniq('r');
    const s = await client();
    const reply = await request(s, 'login', { nickname: uniq('u'), rooms: [room, 'bad room', 7] });
    assert.equal(reply.ok, true);
    assert.deepEqual(reply.rooms, ['lobby', room]);
    assert.deepEqual(Object.keys(reply.history).sort(), ['lobby', room].sort());
  });

  test('announces login and logout to everyone with notices and the online list', async () => {
    const [watcher] = await users(1);
    const s = await client();
    const nickname = uniq('u');
    const notice = next(watcher, 'notice', undefined, (n) => n.type === 'login');
    const list = next(watcher, 'users', undefined, (u) => u.room === '' && u.users.includes(nickname));
    assert.equal((await request(s, 'login', { nickname })).ok, true);
    const n = await notice;
    assert.deepEqual([n.type, n.nickname, n.room, typeof n.time], ['login', nickname, '', 'number']);
    await list;
    const logout = next(watcher, 'notice', undefined, (x) => x.type === 'logout');
    const list2 = next(watcher, 'users', undefined, (u) => u.room === '' && !u.users.includes(nickname));
    s.disconnect();
    assert.equal((await logout).nickname, nickname);
    await list2;
  });
});

describe('rooms', () => {
  test('join replies with the room, its members and its history, and tells the room', async () => {
    const room = uniq('r');
    const [a, b] = await users(2);
    assert.equal((await request(b, 'join', { room })).ok, true);
    const notice = next(b, 'notice', undefined, (n) => n.type === 'join' && n.room === room);
    const list = next(b, 'users', undefined, (u) => u.room === room && u.users.length === 2);
    const reply = await request(a, 'join', { room });
    assert.deepEqual(Object.keys(reply), ['ok', 'room', 'users', 'history']);
    assert.equal(reply.room, room);
    assert.deepEqual(reply.users, [b.nickname, a.nickname]);
    assert.deepEqual(reply.history, []);
    const n = await notice;
    assert.deepEqual([n.nickname, typeof n.time], [a.nickname, 'number']);
    assert.deepEqual((await list).users, [b.nickname, a.nickname]);
  });

  test('join refuses invalid room names and clients not logged in', async () => {
    const [a] = await users(1);
    for (const room of ['', 'x'.repeat(31), 'no spaces', 5]) assert.equal((await request(a, 'join', { room })).ok, false);
    assert.equal((await request(a, 'join', { room: 'y'.repeat(30) })).ok, true);
    const s = await client();
    assert.equal((await request(s, 'join', { room: 'lobby' })).ok, false);
  });

  test('leave replies, tells the others, and stops the room messages', async () => {
    const room = uniq('r');
    const [a, b] = await users(2, 'websocket', [room]);
    const notice = next(b, 'notice', undefined, (n) => n.type === 'leave' && n.room === room);
    const list = next(b, 'users', undefined, (u) => u.room === room && u.users.length === 1);
    assert.deepEqual(await request(a, 'leave', { room }), { ok: true, room });
    assert.equal((await notice).nickname, a.nickname);
    assert.deepEqual((await list).users, [b.nickname]);
    assert.equal((await say(b, 'room', 'after leave', { room })).ok, true);
    await barrier(b, [a, b]);
    assert.deepEqual(texts(a), []);
    assert.deepEqual(texts(b), ['after leave']);
    assert.equal((await say(a, 'room', 'not a member', { room })).ok, false);
  });

  test('a disconnect is a leave for every room of the user', async () => {
    const room = uniq('r');
    const [a, b] = await users(2, 'websocket', [room]);
    const left = [];
    b.on('notice', (n) => { if (n.type === 'leave') left.push(n.room); });
    const done = next(b, 'notice', undefined, (n) => n.type === 'logout');
    a.disconnect();
    await done;
    assert.deepEqual(left.sort(), ['lobby', room].sort());
  });
});

describe('history', () => {
  test(`keeps the last ${HISTORY_SIZE} messages of a room, oldest first, for join and login`, async () => {
    const room = uniq('h');
    const [a] = await users(1, 'websocket', [room]);
    const sent = [];
    for (let i = 1; i <= HISTORY_SIZE + 3; i++) {
      const reply = await say(a, 'room', `m${i}`, { room });
      assert.equal(reply.ok, true, reply.error);
      sent.push({ id: reply.id, data: `m${i}` });
    }
    const want = sent.slice(-HISTORY_SIZE);
    const [b] = await users(1);
    const joined = await request(b, 'join', { room });
    assert.deepEqual(joined.history.map((m) => ({ id: m.id, data: m.data })), want);
    const c = await user(server, uniq('u'), { rooms: [room] });
    open.push(c);
    assert.deepEqual(c.login.history[room].map((m) => m.data), want.map((m) => m.data));
  });

  test('public and broadcast messages are the lobby history; whispers are not kept', async () => {
    const [a, b] = await users(2);
    await say(a, 'public', 'kept-public');
    await say(a, 'broadcast', 'kept-broadcast');
    await say(a, 'private', 'secret', { recipient: b.nickname });
    const c = await user(server, uniq('u'));
    open.push(c);
    const lobby = c.login.history.lobby.map((m) => m.data);
    assert.deepEqual(lobby.slice(-2), ['kept-public', 'kept-broadcast']);
    assert.ok(!lobby.includes('secret'));
  });
});

for (const transport of ['websocket', 'polling']) {
  describe(`delivery over ${transport}`, () => {
    test('a public message reaches everyone, the sender included, with the message shape', async () => {
      const [a, b, c] = await users(3, transport);
      const reply = await say(a, 'public', 'hello all');
      assert.deepEqual(Object.keys(reply), ['ok', 'id', 'time']);
      assert.deepEqual([reply.ok, typeof reply.id, typeof reply.time], [true, 'string', 'number']);
      await barrier(a, [a, b, c]);
      for (const s of [a, b, c]) assert.deepEqual(texts(s), ['hello all']);
      const m = b.got['chat message'][0];
      assert.deepEqual(m, { id: reply.id, sender: a.nickname, recipient: '', command: 'chat', type: 'public', data: 'hello all', time: reply.time });
    });

    test('a broadcast reaches everyone but the sender', async () => {
      const [a, b, c] = await users(3, transport);
      assert.equal((await say(a, 'broadcast', 'to the others')).ok, true);
      await barrier(a, [a, b, c]);
      assert.deepEqual([texts(a), texts(b), texts(c)], [[], ['to the others'], ['to the others']]);
    });

    test('a whisper reaches the recipient and the sender only', async () => {
      const [a, b, c] = await users(3, transport);
      const reply = await say(a, 'private', 'psst', { recipient: b.nickname.toUpperCase() });
      assert.equal(reply.ok, true, reply.error);
      await barrier(a, [a, b, c]);
      assert.deepEqual([texts(a), texts(b), texts(c)], [['psst'], ['psst'], []]);
      assert.equal(b.got['chat message'][0].recipient, b.nickname);
      assert.equal(b.got['chat message'][0].type, 'private');
    });

    test('a room message reaches the members of the room only, the sender included', async () => {
      const room = uniq('r');
      const [a, b, c] = await users(3, transport);
      await request(a, 'join', { room });
      await request(b, 'join', { room });
      assert.equal((await say(a, 'room', 'in the room', { room })).ok, true);
      await barrier(a, [a, b, c]);
      assert.deepEqual([texts(a), texts(b), texts(c)], [['in the room'], ['in the room'], []]);
      const m = b.got['chat message'][0];
      assert.deepEqual([m.type, m.recipient], ['room', room]);
    });

    test('a random message reaches one other online user and the sender', async () => {
      const [a, b, c] = await users(3, transport);
      const reply = await say(a, 'random', 'anyone?');
      assert.equal(reply.ok, true, reply.error);
      await barrier(a, [a, b, c]);
      assert.deepEqual(texts(a), ['anyone?']);
      const receivers = [b, c].filter((s) => texts(s).includes('anyone?'));
      assert.equal(receivers.length, 1);
      assert.equal(a.got['chat message'][0].recipient, receivers[0].nickname);
      assert.equal(a.got['chat message'][0].id, reply.id);
    });
  });
}

describe('validation and limits', () => {
  test('refuses bad messages with ok:false and chat error', async () => {
    const room = uniq('r');
    const [a] = await users(1);
    const bad = [
      { type: 'public', data: '' },
      { type: 'public', data: 'x'.repeat(1001) },
      { type: 'public', data: 42 },
      { type: 'shout', data: 'hi' },
      { type: 'private', data: 'hi', recipient: 'nobody-here' },
      { type: 'room', data: 'hi', room },
      { type: 'random', data: 'nobody else is online' },
    ];
    for (const message of bad) {
      const error = next(a, 'chat error');
      const reply = await request(a, 'chat message', { recipient: '', command: 'chat', ...message });
      assert.equal(reply.ok, false, `accepted ${JSON.stringify(message).slice(0, 80)}`);
      const e = await error;
      assert.deepEqual([e.event, typeof e.error], ['chat message', 'string']);
    }
    assert.equal((await say(a, 'public', 'x'.repeat(1000))).ok, true);
  });

  test('refuses messages before login', async () => {
    const s = await client();
    assert.equal((await say(s, 'public', 'hi')).ok, false);
  });

  test('allows 20 messages per 10 seconds per socket, then answers "rate limit"', async () => {
    const [a] = await users(1);
    for (let i = 0; i < 20; i++) assert.equal((await say(a, 'room', `r${i}`, { room: 'lobby' })).ok, true);
    const error = next(a, 'chat error');
    assert.deepEqual(await say(a, 'room', 'one too many', { room: 'lobby' }), { ok: false, error: 'rate limit' });
    assert.deepEqual(await error, { error: 'rate limit', event: 'chat message' });
  });
});

describe('typing, ping, /system', () => {
  test('typing reaches the other members of the room only', async () => {
    const room = uniq('r');
    const [a, b, c] = await users(3, 'websocket');
    await request(a, 'join', { room });
    await request(b, 'join', { room });
    a.emit('typing', { room, typing: true });
    assert.deepEqual(await next(b, 'typing'), { room, nickname: a.nickname, typing: true });
    a.emit('typing', { room, typing: false });
    assert.deepEqual(await next(b, 'typing'), { room, nickname: a.nickname, typing: false });
    await barrier(a, [a, b, c]);
    assert.deepEqual([a.got.typing, c.got.typing], [[], []]);
  });

  test('ping acknowledges with the value it was sent', async () => {
    const s = await client();
    assert.deepEqual(await request(s, 'ping', { n: 1, s: 'x' }), { n: 1, s: 'x' });
    assert.equal(await request(s, 'ping', 7), 7);
  });

  test('POST /notice with the operator token reaches every /system client', async () => {
    const clients = [await connect(server, { nsp: '/system' }), await connect(server, { nsp: '/system', transport: 'polling' })];
    open.push(...clients);
    const got = clients.map((s) => next(s, 'notice', undefined, (n) => n.text === 'Notice!'));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${NOTICE_TOKEN}` };
    const res = await fetch(`${server.url}/notice`, { method: 'POST', headers, body: JSON.stringify({ text: 'Notice!' }) });
    assert.equal(res.status, 200);
    for (const n of await Promise.all(got)) assert.deepEqual([n.text, typeof n.time], ['Notice!', 'number']);
    const empty = await fetch(`${server.url}/notice`, { method: 'POST', headers, body: JSON.stringify({ text: '' }) });
    assert.equal(empty.status, 400);
  });

  test('GET /healthz counts the connected clients', async () => {
    await client();
    const body = await (await fetch(`${server.url}/healthz`)).json();
    assert.equal(body.status, 'ok');
    assert.ok(Number.isInteger(body.clients) && body.clients >= 1);
  });
});
