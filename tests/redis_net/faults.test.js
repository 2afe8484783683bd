// The Redis adapter under faults, on a real redis-server with a corio server and a Node one:
// malformed and foreign messages on the adapter's channels, Redis killed and restarted, a Node
// peer stopped (SIGSTOP) and killed mid-request. corio must survive, keep serving its own
// clients, answer with the reference's error texts, and recover when Redis returns.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { sleep, Redis, startPeer, waitCount, connect, heard } = require('./support');

const redis = new Redis();
let corio;
let node;
let clients = [];

before(async () => {
  await redis.start();
  corio = startPeer('corio', 'corio0', redis.sock);
  corio.portNumber = await corio.port;
  await waitCount(corio, 1);
  clients = [await connect(corio, '/', { rooms: 'r1', user: 'c0' })];
});

after(() => {
  for (const c of clients) c.disconnect();
  corio.stop();
  if (node) node.stop();
  redis.cleanup();
});

const emitUsers = async (from) => Object.keys(await heard(clients, 'tick', () => from.run({ op: 'emit', event: 'tick', args: [1] }))).sort();

test('malformed and foreign messages on the channels are dropped; the server goes on', async () => {
  for (const channel of ['socket.io#/#', 'socket.io#/#r1#', 'socket.io-request#/#', 'socket.io-response#/#']) {
    for (const payload of ['garbage', '{"type":', '{"type":"x","requestId":1}', Buffer.from([0x93, 0xa1, 0x78, 0x80, 0x80]),
      Buffer.from([0x93, 0xa6, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x83]), '{"type":4,"uid":"zz","opts":{"rooms":["nobody"]},"close":"x"}']) {
      assert.match(await redis.command('PUBLISH', channel, payload), /^:\d+$/);
    }
  }
  const deep = '{"type":5,"uid":"x","requestId":"y","opts":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
  assert.match(await redis.command('PUBLISH', 'socket.io-request#/#', deep), /^:\d+$/);
  assert.deepEqual(await emitUsers(corio), ['c0']);
  assert.equal((await corio.run({ op: 'fetch' })).sockets.length, 1);
});

// (The Node peer joins only now: the reference's adapter does not survive all of the above.)
test('a Node server joins and both reach each other\'s clients', async () => {
  node = startPeer('node', 'node1', redis.sock);
  node.portNumber = await node.port;
  await waitCount(corio, 2);
  await waitCount(node, 2);
  clients.push(await connect(node, '/', { rooms: 'r1', user: 'n1' }));
  assert.deepEqual(await emitUsers(corio), ['c0', 'n1']);
  assert.deepEqual(await emitUsers(node), ['c0', 'n1']);
});

test('a Node peer that stops answering gives the reference timeout texts', async () => {
  node.child.kill('SIGSTOP');
  try {
    const fetched = await corio.run({ op: 'fetch' });
    assert.equal(fetched.err, 'timeout reached while waiting for fetchSockets response');
    const rooms = await corio.run({ op: 'all_rooms' });
    assert.equal(rooms.err, 'timeout reached while waiting for allRooms response');
    const sse = await corio.run({ op: 'sse_ack', event: 'hello', args: [] });
    assert.equal(sse.err, 'timeout reached: only 0 responses received out of 1');
  } finally { node.child.kill('SIGCONT'); }
  let fetched;  // its late answers arrive and are ignored; it answers again once it catches up
  for (let i = 0; i < 5 && (fetched = await corio.run({ op: 'fetch' })).err; i++) await sleep(200);
  assert.equal(fetched.err, null);
  assert.deepEqual(fetched.sockets.map((s) => s.data.user).sort(), ['c0', 'n1']);
});

test('Redis killed and restarted: no crash, local traffic flows, then the cluster again', async () => {
  redis.kill();
  await sleep(200);
  assert.deepEqual(await emitUsers(corio), ['c0']);  // Node's clients are out of reach meanwhile
  const alone = await corio.run({ op: 'fetch' });
  assert.equal(alone.err, null);
  assert.deepEqual(alone.sockets.map((s) => s.data.user), ['c0']);
  await redis.start();
  await waitCount(corio, 2, 15000);
  await waitCount(node, 2, 15000);
  assert.deepEqual(await emitUsers(corio), ['c0', 'n1']);
  assert.deepEqual(await emitUsers(node), ['c0', 'n1']);
});

test('a Node peer killed mid-run is no longer counted', async () => {
  node.stopping = true;
  node.child.kill('SIGKILL');
  await waitCount(corio, 1);
  const fetched = await corio.run({ op: 'fetch' });
  assert.equal(fetched.err, null);
  assert.deepEqual(fetched.sockets.map((s) => s.data.user), ['c0']);
  const sse = await corio.run({ op: 'sse_ack', event: 'hello', args: [] });
  assert.deepEqual([sse.err, sse.responses], [null, []]);
});
