// tests/chat/http.test.js: the chat app's HTTP routes (apps/chat/PROTOCOL.md, "HTTP") against
// $CHAT_SERVER_CMD: sign-in page, chat page with escaped server-side history, assets.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ChatServer, request, user, uniq } = require('./support');

const server = new ChatServer();
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

test('POST /notice with JSON nested 50,000 deep answers 400 and the server lives on', async () => {
  const body = '{"text":' + '['.repeat(50000) + '1' + ']'.repeat(50000) + '}';
  const res = await fetch(server.url + '/notice', {
    method: 'POST', body, headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(3000),
  });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /JSON nests deeper than 128 levels/);
  assert.equal((await get('/healthz')).status, 200);
});
