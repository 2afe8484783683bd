// tests/chat/http.test.js: the chat app's HTTP routes (apps/chat/PROTOCOL.md, "HTTP") against
// $CHAT_SERVER_CMD: sign-in page, chat page with escaped server-side history, assets, and the
// operator's POST /notice (NOTICE_TOKEN; refused without it, with a wrong one, or cross-site).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ChatServer, connect, next, request, user, uniq } = require('./support');

const TOKEN = 'operator-token-' + process.pid;
const server = new ChatServer({ NOTICE_TOKEN: TOKEN });
before(() => server.start());
after(() => server.stop());

const get = (path, headers = {}) => fetch(server.url + path, { headers, signal: AbortSignal.timeout(3000) });

test('GET / without a nickname renders the sign-in form', async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const html = await res.text();
  assert.match(html, /<form id="login-form" method="get" action="\/"/);
  assert.match(html, /name="nickname"/);
  assert.doesNotMatch(html, /id="chat"/);
});

test('GET / with an invalid nickname renders the sign-in form with an error, status 400', async () => {
  const res = await get('/?nickname=' + encodeURIComponent('<script>x</script>'));
  assert.equal(res.status, 400);
  const html = await res.text();
  assert.match(html, /data-testid="login-error"/);
  assert.doesNotMatch(html, /<script>x<\/script>/);
});

test('GET /?nickname= renders the chat view for that nickname and room', async () => {
  const html = await (await get('/?nickname=alice&room=dev')).text();
  assert.match(html, /<main id="chat" class="chat" data-nickname="alice" data-room="dev"/);
  assert.match(html, /<span id="current-room" data-testid="current-room">dev<\/span>/);
  assert.match(html, /<script src="\/socket.io\/socket.io.js"><\/script>/);
  assert.match(html, /<script src="\/static\/js\/chat.js"><\/script>/);
});

test('GET / with the nickname cookie renders the chat view', async () => {
  const html = await (await get('/', { cookie: 'theme=dark; nickname=bob' })).text();
  assert.match(html, /data-nickname="bob"/);
});

test('the chat view renders the room history escaped, and the rooms and members', async () => {
  const room = uniq('r');
  const a = await user(server, uniq('u'), { rooms: [room] });
  try {
    const hostile = '<img src=x onerror=alert(1)> & "quotes"';
    assert.equal((await request(a, 'chat message', { recipient: room, command: 'chat', type: 'room', data: hostile, room })).ok, true);
    const html = await (await get(`/?nickname=viewer&room=${room}`)).text();
    assert.ok(html.includes('<span class="text">&lt;img src=x onerror=alert(1)&gt; &amp; &#34;quotes&#34;</span>'), html);
    assert.ok(!html.includes('<img src=x'));
    assert.match(html, new RegExp(`data-testid="message" data-id="[^"]+" data-type="room" data-sender="${a.nickname}"`));
    assert.match(html, new RegExp(`data-room="${room}"`));
    assert.match(html, new RegExp(`data-nickname="${a.nickname}"`));
  } finally {
    a.disconnect();
  }
});

test('serves the static assets and the Socket.IO client', async () => {
  for (const [path, type] of [['/static/css/chat.css', /^text\/css/], ['/static/js/chat.js', /javascript/], ['/socket.io/socket.io.js', /javascript/]]) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), type, path);
    assert.ok((await res.text()).length > 100, path);
  }
  assert.equal((await get('/static/nope.js')).status, 404);
});

test('GET /healthz answers {status:"ok", clients:N}', async () => {
  const res = await get('/healthz');
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ['status', 'clients']);
  assert.equal(body.status, 'ok');
});

/// POSTs `text` as JSON to `target`'s /notice with extra `headers` (`authorization`, `origin`...).
const postNotice = (headers = {}, text = 'Notice!', target = server) => fetch(target.url + '/notice', {
  method: 'POST', body: JSON.stringify({ text }), headers: { 'content-type': 'application/json', ...headers },
  signal: AbortSignal.timeout(3000),
});
const bearer = (token) => ({ authorization: `Bearer ${token}` });

test('POST /notice answers 404 when no operator token is configured', async () => {
  const plain = new ChatServer({ NOTICE_TOKEN: '' });
  await plain.start();
  try {
    assert.equal((await postNotice(bearer(TOKEN), 'Notice!', plain)).status, 404);
    assert.equal((await postNotice({}, 'Notice!', plain)).status, 404);
  } finally {
    await plain.stop();
  }
});

test('POST /notice without a token answers 401 with a Bearer challenge', async () => {
  const res = await postNotice();
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate'), /^Bearer\b/);
  assert.equal((await postNotice({ authorization: `Basic ${btoa('x:' + TOKEN)}` })).status, 401);
});

test('POST /notice with a wrong token answers 403', async () => {
  assert.equal((await postNotice(bearer(TOKEN + 'x'))).status, 403);
  assert.equal((await postNotice(bearer(TOKEN.slice(0, -1)))).status, 403);
});

test('POST /notice sent by another site answers 403, even with the right token', async () => {
  const form = await fetch(server.url + '/notice', {
    method: 'POST', body: 'text=pwned', signal: AbortSignal.timeout(3000),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
  });
  assert.equal(form.status, 403);
  assert.equal((await postNotice({ ...bearer(TOKEN), origin: 'https://evil.example' })).status, 403);
  assert.equal((await postNotice({ ...bearer(TOKEN), origin: 'null' })).status, 403);
  assert.equal((await postNotice({ ...bearer(TOKEN), 'sec-fetch-site': 'cross-site' })).status, 403);
  const own = new URL(server.url).origin;
  assert.equal((await postNotice({ ...bearer(TOKEN), origin: own, 'sec-fetch-site': 'same-origin' }, 'same origin')).status, 200);
});

test('POST /notice with the operator token reaches every client of / and /system', async () => {
  const a = await user(server, uniq('u'));
  const b = await user(server, uniq('u'), { transport: 'polling' });
  // As the page does: /system multiplexed on the connection of the user's / socket.
  const systems = [a, b].map((s) => s.io.socket('/system'));
  const polling = await connect(server, { nsp: '/system', transport: 'polling' });
  const all = [...systems, polling];
  try {
    await Promise.all(systems.map((s) => (s.connected ? undefined : next(s, 'connect'))));
    const text = 'maintenance ' + uniq('n');
    const got = all.map((s) => next(s, 'notice', undefined, (n) => n.text === text));
    const res = await postNotice(bearer(TOKEN), text);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
    for (const n of await Promise.all(got)) assert.deepEqual([n.text, typeof n.time], [text, 'number']);
    assert.equal((await postNotice(bearer(TOKEN), '')).status, 400);
  } finally {
    for (const s of [...all, a, b]) s.disconnect();
  }
});

test('POST /notice with JSON nested 50,000 deep answers 400 and the server lives on', async () => {
  const body = '{"text":' + '['.repeat(50000) + '1' + ']'.repeat(50000) + '}';
  const res = await fetch(server.url + '/notice', {
    method: 'POST', body, headers: { 'content-type': 'application/json', ...bearer(TOKEN) },
    signal: AbortSignal.timeout(3000),
  });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /JSON nests deeper than 128 levels/);
  assert.equal((await get('/healthz')).status, 200);
});
