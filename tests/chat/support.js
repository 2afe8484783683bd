// tests/chat/support.js: starts the chat server under test and talks to it.
// The server is `$CHAT_SERVER_CMD` (default: node bench/node/chat_server.js), run through
// `sh -c` from the repository root with PORT and HOST=127.0.0.1 in its environment.
'use strict';
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const MODULES = path.join(REPO, 'tests', 'node', 'node_modules');
/// Requires a package installed for the tests (tests/node/node_modules).
const need = (name) => require(path.join(MODULES, name));
const { io } = need('socket.io-client');

const DEFAULT_CMD = `node ${JSON.stringify(path.join(REPO, 'bench', 'node', 'chat_server.js'))}`;
const STEP_MS = 3000;  // bound of every single wait in the tests

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// A free TCP port on 127.0.0.1.
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/// The chat server as a child process; `start()` waits for GET /healthz.
class ChatServer {
  constructor(env = {}) {
    this.env = env;
    this.port = 0;
    this.child = null;
    this.output = '';
  }

  get url() { return `http://127.0.0.1:${this.port}`; }

  async start(port) {
    this.port = port || this.port || (await freePort());
    const cmd = process.env.CHAT_SERVER_CMD || DEFAULT_CMD;
    const env = { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' };
    this.child = spawn('sh', ['-c', `exec ${cmd}`], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => { this.output = (this.output + chunk).slice(-8000); };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    const exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      const code = await Promise.race([exited, sleep(100).then(() => undefined)]);
      if (code !== undefined) throw new Error(`chat server exited (${code}) during start:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return this;
      } catch { /* not listening yet */ }
    }
    await this.stop();
    throw new Error(`chat server did not answer /healthz within 15 s:\n${this.output}`);
  }

  /// SIGTERM to the whole process group, SIGKILL after 3 s.
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const signal = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
    signal('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!done) { signal('SIGKILL'); await exited; }
    this.child = null;
  }
}

/// Resolves with the next `event` on `emitter`, rejects after `ms`.
function next(emitter, event, ms = STEP_MS, filter = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { emitter.off(event, on); reject(new Error(`timed out waiting for "${event}"`)); }, ms);
    function on(...args) {
      if (!filter(...args)) return;
      clearTimeout(timer);
      emitter.off(event, on);
      resolve(args[0]);
    }
    emitter.on(event, on);
  });
}

/// Emits with an ack and a bounded wait.
const request = (socket, event, payload, ms = STEP_MS) => socket.timeout(ms).emitWithAck(event, payload);

/// A connected Socket.IO client of namespace `nsp` that records what it receives.
async function connect(server, { transport = 'websocket', nsp = '/' } = {}) {
  const socket = io(server.url + nsp, { transports: [transport], forceNew: true, reconnection: false, timeout: STEP_MS });
  socket.got = { 'chat message': [], notice: [], users: [], typing: [], 'chat error': [] };
  for (const event of Object.keys(socket.got)) socket.on(event, (v) => socket.got[event].push(v));
  await next(socket, 'connect');
  return socket;
}

/// A connected client logged in as `nickname` (throws if the login is refused).
async function user(server, nickname, options = {}) {
  const socket = await connect(server, options);
  const reply = await request(socket, 'login', { nickname, rooms: options.rooms });
  if (!reply.ok) throw new Error(`login ${nickname} refused: ${reply.error}`);
  socket.nickname = nickname;
  socket.login = reply;
  return socket;
}

/// Waits until `predicate()` holds (polling every 10 ms), failing after `ms`.
async function until(predicate, what, ms = STEP_MS) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

let unique = 0;
/// A nickname (or room name) unique within this process: prefix + counter.
const uniq = (prefix) => `${prefix}${process.pid % 1000}x${++unique}`;

module.exports = { REPO, need, io, ChatServer, freePort, next, request, connect, user, until, sleep, uniq, STEP_MS };
