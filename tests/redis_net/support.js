// Shared by the Redis adapter's interop tests: a redis-server child on a unix socket in a temp
// dir, Socket.IO peers (corio's cluster_peer, Node's node_peer.js) driven over stdin/stdout, and
// official socket.io-client clients. Every wait is bounded.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { io } = require('socket.io-client');

const STEP = 5000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function within(promise, what, ms = STEP) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class Redis {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corio-redis-'));
    this.sock = path.join(this.dir, 'redis.sock');
  }
  async start() {
    this.child = spawn(process.env.REDIS_SERVER, ['--port', '0', '--unixsocket', this.sock,
      '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await this.command('PING') === '+PONG') return;
      await sleep(50);
    }
    throw new Error('redis-server did not start');
  }
  /// One command (strings or Buffers) over a fresh connection: the first reply line, or null.
  command(...args) {
    const parts = args.map((a) => (Buffer.isBuffer(a) ? a : Buffer.from(String(a))));
    const line = Buffer.concat([Buffer.from(`*${parts.length}\r\n`),
      ...parts.flatMap((p) => [Buffer.from(`$${p.length}\r\n`), p, Buffer.from('\r\n')])]);
    return new Promise((resolve) => {
      const c = net.createConnection(this.sock);
      const timer = setTimeout(() => { c.destroy(); resolve(null); }, 1000);
      c.on('error', () => { clearTimeout(timer); resolve(null); });
      c.on('data', (d) => { clearTimeout(timer); c.destroy(); resolve(d.toString().split('\r\n')[0]); });
      c.on('connect', () => c.write(line));
    });
  }
  kill() { if (this.child) this.child.kill('SIGKILL'); this.child = null; }
  cleanup() { this.kill(); fs.rmSync(this.dir, { recursive: true, force: true }); }
}

function startPeer(kind, name, sock) {
  const cmd = kind === 'node' ? [process.execPath, [process.env.NODE_PEER]] : [process.env.CORIO_PEER, []];
  const child = spawn(cmd[0], cmd[1], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, REDIS_PATH: sock, NAME: name } });
  const peer = { kind, name, child, waiting: new Map(), next: 1, buffer: '' };
  child.on('exit', (code, signal) => { if (!peer.stopping) console.error(`${name} exited: ${code ?? signal}`); });
  peer.port = within(new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      peer.buffer += chunk.toString();
      let nl;
      while ((nl = peer.buffer.indexOf('\n')) >= 0) {
        const line = peer.buffer.slice(0, nl);
        peer.buffer = peer.buffer.slice(nl + 1);
        const port = /^PORT=(\d+)/.exec(line);
        if (port) resolve(Number(port[1]));
        if (line.startsWith('RESULT ')) {
          const result = JSON.parse(line.slice(7));
          peer.waiting.get(result.id)?.(result);
          peer.waiting.delete(result.id);
        }
      }
    });
  }), `${name} start`);
  peer.run = (command, ms = STEP) => {
    const id = peer.next++;
    const done = new Promise((resolve) => peer.waiting.set(id, resolve));
    child.stdin.write(JSON.stringify({ id, ...command }) + '\n');
    return within(done, `${name} ${command.op}`, ms);
  };
  peer.stop = () => {
    peer.stopping = true;
    child.stdin.end();
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  };
  return peer;
}

/// Waits until `peer` counts `n` servers (PUBSUB NUMSUB), for at most ~`ms`.
async function waitCount(peer, n, ms = STEP) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if ((await peer.run({ op: 'count' })).count === n) return;
    await sleep(50);
  }
  throw new Error(`${peer.name} never counted ${n} servers`);
}

function connect(peer, nsp, query) {
  return new Promise((resolve, reject) => {
    const c = io(`http://127.0.0.1:${peer.portNumber}${nsp}`, { forceNew: true, reconnection: false, transports: ['websocket'], query });
    c.user = query.user;
    c.on('ask', (cb) => { if (query.user !== 'mute') cb(`client:${query.user}`); });
    c.once('connect', () => resolve(c));
    c.once('connect_error', reject);
  });
}

/// Runs `act`, then returns {user: [args...]} of `event` over `clients` after `ms`.
async function heard(clients, event, act, ms = 400) {
  const got = {};
  const listeners = clients.map((c) => {
    const fn = (...args) => { (got[c.user] ||= []).push(args); };
    c.on(event, fn);
    return () => c.off(event, fn);
  });
  await act();
  await sleep(ms);
  listeners.forEach((off) => off());
  return got;
}

module.exports = { STEP, sleep, within, Redis, startPeer, waitCount, connect, heard };
