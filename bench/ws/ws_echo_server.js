// npm `ws` echo server for bench/ws/echo_bench.sh: `node ws_echo_server.js <port>`.
const path = require('path');
const WebSocket = require(path.join(__dirname, '../node/node_modules/ws'));
const port = Number(process.argv[2] || 9002);
const server = new WebSocket.Server({ host: '127.0.0.1', port, perMessageDeflate: false });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.on('listening', () => console.log('listening on ' + port));
