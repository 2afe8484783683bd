// Interop check for corio's websocket server with the npm `ws` client: echo 100 text and 100
// binary messages, then close. Usage: node ws_interop_client.js <url>. Exit code 0 on success.
const WebSocket = require('ws');
const url = process.argv[2];
const socket = new WebSocket(url);
const total = 200;
let received = 0;
const fail = (why) => { console.error('FAIL: ' + why); process.exit(1); };
setTimeout(() => fail('timeout'), 10000).unref();
socket.on('open', () => {
  for (let i = 0; i < total / 2; ++i) {
    socket.send('text ' + i + ' é✓');
    socket.send(Buffer.from([i, 255 - i, 0, 1, 2]));
  }
});
socket.on('message', (data, isBinary) => {
  const i = Math.floor(received / 2);
  if (received % 2 === 0) {
    if (isBinary || data.toString() !== 'text ' + i + ' é✓') fail('bad text echo ' + received);
  } else if (!isBinary || !data.equals(Buffer.from([i, 255 - i, 0, 1, 2]))) {
    fail('bad binary echo ' + received);
  }
  if (++received === total) socket.close(1000, 'done');
});
socket.on('close', (code, reason) => {
  if (received !== total) fail('closed after ' + received);
  if (code !== 1000 || reason.toString() !== 'done') fail('close ' + code + ' ' + reason);
  console.log('OK');
  process.exit(0);
});
socket.on('error', (e) => fail(e.message));
