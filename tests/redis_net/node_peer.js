// A Node Socket.IO server on @socket.io/redis-adapter (the reference), driven by the cluster
// interop test (cluster.test.js) with the same line protocol as cluster_peer.cpp:
//   env REDIS_PATH (unix socket), NAME; prints "PORT=<n>" when listening on 127.0.0.1;
//   reads one JSON command a line on stdin, prints "RESULT <json>" for each; exits when stdin ends.
'use strict';
const http = require('node:http');
const readline = require('node:readline');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');

const NAME = process.env.NAME || 'node';
const received = [];  // server-side events heard: [event, ...args]

function selection(io, cmd) {
  let op = io.of(cmd.nsp || '/');
  for (const r of cmd.rooms || []) op = op.to(r);
  for (const r of cmd.except || []) op = op.except(r);
  if (cmd.local) op = op.local;
  if (cmd.volatile) op = op.volatile;
  return op;
}

function decodeArgs(args) {  // {"$buffer":[1,2]} stands for a Buffer, {"$date":ms} for a Date
  return (args || []).map((a) => (a && a.$buffer ? Buffer.from(a.$buffer)
    : a && a.$date !== undefined ? new Date(a.$date) : a));
}

async function run(io, cmd) {
  const errText = (e) => (e ? e.message : null);
  switch (cmd.op) {
    case 'emit': selection(io, cmd).emit(cmd.event, ...decodeArgs(cmd.args)); return {};
    case 'ack_emit': return new Promise((resolve) => {
      selection(io, cmd).timeout(cmd.timeout).emit(cmd.event, ...decodeArgs(cmd.args),
        (err, responses) => resolve({ err: errText(err), responses }));
    });
    case 'sse': io.of(cmd.nsp || '/').serverSideEmit(cmd.event, ...decodeArgs(cmd.args)); return {};
    case 'sse_ack':
      try {
        return { err: null, responses: await io.of(cmd.nsp || '/').serverSideEmitWithAck(cmd.event, ...decodeArgs(cmd.args)) };
      } catch (e) { return { err: e.message, responses: e.responses || [] }; }
    case 'fetch':
      try {
        const sockets = await selection(io, cmd).fetchSockets();
        return { err: null, sockets: sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data,
          handshake: Object.keys(s.handshake).sort() })) };
      } catch (e) { return { err: e.message }; }
    case 'join': selection(io, cmd).socketsJoin(cmd.join); return {};
    case 'leave': selection(io, cmd).socketsLeave(cmd.leave); return {};
    case 'disconnect': selection(io, cmd).disconnectSockets(cmd.close); return {};
    case 'all_rooms':
      try { return { err: null, rooms: [...(await io.of(cmd.nsp || '/').adapter.allRooms())].sort() }; }
      catch (e) { return { err: e.message }; }
    case 'remote': {
      const sockets = await io.of(cmd.nsp || '/').fetchSockets();
      const s = sockets.find((x) => x.id === cmd.sid);
      if (!s) return { err: 'no such socket' };
      if (cmd.action === 'emit') s.emit(cmd.event, ...decodeArgs(cmd.args));
      if (cmd.action === 'join') s.join(cmd.room);
      if (cmd.action === 'leave') s.leave(cmd.room);
      if (cmd.action === 'disconnect') s.disconnect(cmd.close);
      return {};
    }
    case 'received': return { received };
    case 'count': return { count: await io.of(cmd.nsp || '/').adapter.serverCount() };
    default: return { err: 'unknown op ' + cmd.op };
  }
}

async function main() {
  const pub = createClient({ socket: { path: process.env.REDIS_PATH } });
  const sub = pub.duplicate();
  pub.on('error', () => {}); sub.on('error', () => {});
  await Promise.all([pub.connect(), sub.connect()]);
  const server = http.createServer();
  const io = new Server(server, { adapter: createAdapter(pub, sub, { requestsTimeout: 1000 }) });
  for (const nsp of ['/', '/chat']) {
    io.of(nsp).on('connection', (socket) => {
      const q = socket.handshake.query;
      if (q.rooms) socket.join(q.rooms.split(','));
      socket.data = { server: NAME, user: q.user || null };
    });
    io.of(nsp).on('hello', (...args) => {
      const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
      received.push(args);
      if (cb) cb(NAME);
    });
  }
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`PORT=${server.address().port}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    const cmd = JSON.parse(line);
    const result = await run(io, cmd);
    process.stdout.write('RESULT ' + JSON.stringify({ id: cmd.id, ...result }) + '\n');
  });
  lines.on('close', () => process.exit(0));
}
main().catch((e) => { console.error(e); process.exit(1); });
