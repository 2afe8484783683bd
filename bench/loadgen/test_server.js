// bench/loadgen/test_server.js: the smallest Socket.IO server that speaks the part of the chat
// protocol (apps/chat/PROTOCOL.md) corio-loadgen drives: login, join, room chat messages, ping.
// For testing the load generator itself; benchmarks use bench/node/chat_server.js.
//   node bench/loadgen/test_server.js [port]      (PORT env also works; default 3000)
//   PING_INTERVAL=1000 shortens Engine.IO's pingInterval (ms) to check that idle clients pong.
'use strict';

const path = require('path');
const http = require('http');
const { Server } = require(path.join(__dirname, '../node/node_modules/socket.io'));

const port = Number(process.argv[2] || process.env.PORT || 3000);
const server = http.createServer();
const pingInterval = Number(process.env.PING_INTERVAL || 25000);
const io = new Server(server, { transports: ['websocket', 'polling'], pingInterval, pingTimeout: 2000 });
let nextId = 1;

io.on('connection', (socket) => {
  socket.on('login', (data, ack) => {
    socket.data.nickname = String(data && data.nickname);
    socket.join('lobby');
    if (typeof ack === 'function') ack({ ok: true, nickname: socket.data.nickname, rooms: ['lobby'] });
  });
  socket.on('join', (data, ack) => {
    const room = String(data && data.room);
    socket.join(room);
    if (typeof ack === 'function') ack({ ok: true, room, users: [], history: [] });
  });
  socket.on('chat message', (data, ack) => {
    const time = Date.now();
    const msg = { id: String(nextId++), sender: socket.data.nickname, recipient: data.recipient,
      command: data.command, type: data.type, data: data.data, time };
    if (data.type === 'room') io.to(data.room).emit('chat message', msg);
    if (typeof ack === 'function') ack({ ok: true, id: msg.id, time });
  });
  socket.on('ping', (data, ack) => {
    if (typeof ack === 'function') ack(data);
  });
});

server.listen(port, '127.0.0.1', () => console.log(`test_server listening on 127.0.0.1:${port} (pid ${process.pid})`));
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
