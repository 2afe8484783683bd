#!/usr/bin/env node
// bench/node/chat_server.js: the Node reference of the chat app (apps/chat/PROTOCOL.md).
// Express 5 + Socket.IO 4 + EJS, the same pages (templates/), assets (static/) and realtime
// protocol as the C++ app, so that tests/chat and tests/e2e run unchanged against both and the
// benchmarks compare like with like.
// Usage: node bench/node/chat_server.js   (settings: bench/node/config.js, env PORT, HOST,
//        HISTORY_SIZE, CORS_ORIGIN, RATE_LIMIT, NOTICE_TOKEN; NODE_ENV=production turns the view cache on).
'use strict';
const crypto = require('crypto');
const http = require('http');
const path = require('path');
const express = require('express');
const { Server } = require('socket.io');
const config = require('./config');

const ROOT = path.join(__dirname, '..', '..');
const NAME_CHARS = /^[A-Za-z0-9_-]+$/;
const TYPES = new Set(['public', 'broadcast', 'private', 'room', 'random']);
const ONLINE = 'online';                   // Socket.IO room of every logged-in socket
const roomKey = (room) => 'room:' + room;  // chat rooms never collide with socket ids

/// True when `value` is a string of 1..max letters, digits, '_' or '-'.
function validName(value, max) {
  return typeof value === 'string' && value.length >= 1 && value.length <= max && NAME_CHARS.test(value);
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- chat state (one process, in memory) ----
const online = new Map();   // lower-cased nickname -> socket
const members = new Map();  // room -> Set of nicknames, in join order
const history = new Map();  // room -> last config.historySize messages, oldest first
members.set(config.defaultRoom, new Set());
const idPrefix = Date.now().toString(36);  // ids stay unique across restarts
let lastId = 0;

const onlineNicknames = () => Array.from(online.values(), (s) => s.data.nickname);
const membersOf = (room) => Array.from(members.get(room) || []);
const historyOf = (room) => history.get(room) || [];
const roomList = () => Array.from(members, ([name, users]) => ({ name, users: Array.from(users) }));

function remember(room, message) {
  let list = history.get(room);
  if (!list) history.set(room, (list = []));
  list.push(message);
  if (list.length > config.historySize) list.splice(0, list.length - config.historySize);
}

// ---- HTTP ----
const app = express();
const server = http.createServer(app);
const io = new Server(server, config.corsOrigin ? { cors: { origin: config.corsOrigin } } : {});
const system = io.of('/system');

app.set('views', path.join(ROOT, 'templates'));
app.set('view engine', 'ejs');
app.use('/static', express.static(path.join(ROOT, 'static')));

const pageConfig = { history_size: config.historySize, max_message_length: config.maxMessageLength };

function cookieNickname(req) {
  for (const part of (req.headers.cookie || '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'nickname') {
      try { return decodeURIComponent(part.slice(eq + 1).trim()); } catch { return undefined; }
    }
  }
  return undefined;
}

app.get('/', (req, res) => {
  const nickname = req.query.nickname !== undefined ? req.query.nickname : cookieNickname(req);
  const locals = {
    title: config.title, nickname: '', rooms: roomList(), current_room: config.defaultRoom,
    users: onlineNicknames(), history: [], config: pageConfig, error: '',
  };
  if (nickname === undefined) return res.render('index', locals);
  if (!validName(nickname, config.maxNicknameLength)) {
    locals.error = `A nickname is 1 to ${config.maxNicknameLength} letters, digits, "_" or "-".`;
    return res.status(400).render('index', locals);
  }
  const room = validName(req.query.room, config.maxRoomLength) ? req.query.room : config.defaultRoom;
  Object.assign(locals, { title: `${config.title} · #${room}`, nickname, current_room: room, history: historyOf(room) });
  res.render('chat', locals);
});

app.get('/healthz', (req, res) => { res.json({ status: 'ok', clients: io.engine.clientsCount }); });

/// POST /notice is the operator's: 403 for a request another site's page sent (Origin not this
/// host, Sec-Fetch-Site cross-site or same-site) or a wrong token, 401 without `Bearer <token>`.
function guardNotice(req, res, next) {
  const site = (req.get('sec-fetch-site') || '').toLowerCase();
  const origin = req.get('origin');
  const authority = origin && /^[^:/]+:\/\/([^/]+)$/.exec(origin);
  const foreign = origin !== undefined && (!authority || authority[1].toLowerCase() !== (req.get('host') || '').toLowerCase());
  if (site === 'cross-site' || site === 'same-site' || foreign) return res.status(403).json({ error: 'cross-site request' });
  const bearer = /^\s*bearer +(\S+)\s*$/i.exec(req.get('authorization') || '');
  if (!bearer) return res.status(401).set('WWW-Authenticate', 'Bearer realm="notice"').json({ error: 'operator token required' });
  const digest = (text) => crypto.createHash('sha256').update(text).digest();
  if (!crypto.timingSafeEqual(digest(bearer[1]), digest(config.noticeToken))) {
    return res.status(403).json({ error: 'invalid operator token' });
  }
  next();
}

if (config.noticeToken) app.post('/notice', guardNotice, express.json(), express.urlencoded({ extended: false }), express.text(), (req, res) => {
  const text = typeof req.body === 'string' ? req.body : req.body && req.body.text;
  if (typeof text !== 'string' || text.length < 1 || text.length > config.maxNoticeLength) {
    return res.status(400).json({ error: 'invalid text' });
  }
  system.emit('notice', { text, time: Date.now() });
  res.json({ ok: true });
});

// ---- realtime ----
const ok = (fields) => ({ ok: true, ...fields });
const fail = (error) => ({ ok: false, error });

function enterRoom(socket, room) {
  const rooms = socket.data.rooms;
  if (rooms.has(room)) return true;
  if (rooms.size >= config.maxRoomsPerSocket) return false;
  rooms.add(room);
  socket.join(roomKey(room));
  if (!members.has(room)) members.set(room, new Set());
  members.get(room).add(socket.data.nickname);
  io.to(roomKey(room)).emit('notice', { type: 'join', nickname: socket.data.nickname, room, time: Date.now() });
  io.to(roomKey(room)).emit('users', { room, users: membersOf(room) });
  return true;
}

function exitRoom(socket, room) {
  if (!socket.data.rooms.delete(room)) return;
  socket.leave(roomKey(room));
  const set = members.get(room);
  set.delete(socket.data.nickname);
  if (set.size === 0 && room !== config.defaultRoom) { members.delete(room); history.delete(room); }
  io.to(roomKey(room)).emit('notice', { type: 'leave', nickname: socket.data.nickname, room, time: Date.now() });
  io.to(roomKey(room)).emit('users', { room, users: membersOf(room) });
}

function login(socket, p) {
  if (socket.data.nickname) return fail('already logged in');
  if (!isObject(p) || !validName(p.nickname, config.maxNicknameLength)) return fail('invalid nickname');
  const key = p.nickname.toLowerCase();
  if (online.has(key)) return fail('nickname taken');
  const nickname = p.nickname;
  online.set(key, socket);
  socket.data.nickname = nickname;
  socket.join(ONLINE);
  io.to(ONLINE).emit('notice', { type: 'login', nickname, room: '', time: Date.now() });
  io.to(ONLINE).emit('users', { room: '', users: onlineNicknames() });
  const wanted = [config.defaultRoom].concat(Array.isArray(p.rooms) ? p.rooms : []);
  const rooms = {};
  for (const room of wanted) {
    if (validName(room, config.maxRoomLength) && enterRoom(socket, room)) rooms[room] = historyOf(room);
  }
  return ok({ nickname, rooms: Array.from(socket.data.rooms), users: onlineNicknames(), history: rooms });
}

function logout(socket) {
  const nickname = socket.data.nickname;
  if (!nickname) return;
  for (const room of Array.from(socket.data.rooms)) exitRoom(socket, room);
  online.delete(nickname.toLowerCase());
  io.to(ONLINE).emit('notice', { type: 'logout', nickname, room: '', time: Date.now() });
  io.to(ONLINE).emit('users', { room: '', users: onlineNicknames() });
}

function join(socket, p) {
  if (!socket.data.nickname) return fail('not logged in');
  if (!isObject(p) || !validName(p.room, config.maxRoomLength)) return fail('invalid room');
  if (!enterRoom(socket, p.room)) return fail('too many rooms');
  return ok({ room: p.room, users: membersOf(p.room), history: historyOf(p.room) });
}

function leave(socket, p) {
  if (!socket.data.nickname) return fail('not logged in');
  if (!isObject(p) || !validName(p.room, config.maxRoomLength)) return fail('invalid room');
  exitRoom(socket, p.room);
  return ok({ room: p.room });
}

/// Sliding window: at most rateLimit.messages accepted in any rateLimit.windowMs (0 = no limit).
function withinRate(socket, now) {
  if (config.rateLimit.messages === 0) return true;
  const sent = socket.data.sent;
  while (sent.length > 0 && now - sent[0] >= config.rateLimit.windowMs) sent.shift();
  if (sent.length >= config.rateLimit.messages) return false;
  sent.push(now);
  return true;
}

function randomPeer(socket) {
  const others = Array.from(online.values()).filter((s) => s !== socket);
  return others.length === 0 ? undefined : others[Math.floor(Math.random() * others.length)];
}

function chat(socket, p) {
  const sender = socket.data.nickname;
  if (!sender) return fail('not logged in');
  const now = Date.now();
  if (!withinRate(socket, now)) return fail('rate limit');
  if (!isObject(p) || !TYPES.has(p.type)) return fail('invalid type');
  const command = p.command === undefined ? 'chat' : p.command;
  if (!validName(command, config.maxNicknameLength)) return fail('invalid command');
  if (typeof p.data !== 'string' || p.data.length < 1 || p.data.length > config.maxMessageLength) {
    return fail('invalid data');
  }
  let target;
  let recipient = '';
  if (p.type === 'private') {
    const peer = typeof p.recipient === 'string' ? online.get(p.recipient.toLowerCase()) : undefined;
    if (!peer) return fail('unknown recipient');
    target = io.to([peer.id, socket.id]);
    recipient = peer.data.nickname;
  } else if (p.type === 'random') {
    const peer = randomPeer(socket);
    if (!peer) return fail('nobody else is online');
    target = io.to([peer.id, socket.id]);
    recipient = peer.data.nickname;
  } else if (p.type === 'room') {
    recipient = p.room !== undefined ? p.room : p.recipient;
    if (!socket.data.rooms.has(recipient)) return fail('not in room');
    target = io.to(roomKey(recipient));
  } else {
    target = p.type === 'public' ? io.to(ONLINE) : socket.to(ONLINE);
  }
  const message = { id: `${idPrefix}-${++lastId}`, sender, recipient, command, type: p.type, data: p.data, time: now };
  if (p.type === 'room') remember(recipient, message);
  else if (p.type === 'public' || p.type === 'broadcast') remember(config.defaultRoom, message);
  target.emit('chat message', message);
  return ok({ id: message.id, time: now });
}

function typing(socket, p) {
  if (!socket.data.nickname) return fail('not logged in');
  if (!isObject(p) || !validName(p.room, config.maxRoomLength) || typeof p.typing !== 'boolean') {
    return fail('invalid typing');
  }
  if (socket.data.rooms.has(p.room)) {
    socket.to(roomKey(p.room)).emit('typing', { room: p.room, nickname: socket.data.nickname, typing: p.typing });
  }
  return ok({});
}

/// Registers `event` so that a rejected request answers `chat error` and, if acked, {ok:false}.
function handle(socket, event, handler) {
  socket.on(event, (payload, ack) => {
    const result = handler(socket, payload);
    if (!result.ok) socket.emit('chat error', { error: result.error, event });
    if (typeof ack === 'function') ack(result);
  });
}

io.on('connection', (socket) => {
  socket.data.nickname = '';
  socket.data.rooms = new Set();
  socket.data.sent = [];
  handle(socket, 'login', login);
  handle(socket, 'join', join);
  handle(socket, 'leave', leave);
  handle(socket, 'chat message', chat);
  handle(socket, 'typing', typing);
  socket.on('ping', (value, ack) => { if (typeof ack === 'function') ack(value); });
  socket.on('disconnect', () => logout(socket));
});

function shutdown() {
  io.close();
  server.closeAllConnections();
  setImmediate(() => process.exit(0));
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

server.listen(config.port, config.host, () => {
  console.log(`chat: listening on http://${config.host}:${server.address().port}`);
  system.emit('notice', { text: 'Server started', time: Date.now() });
});
