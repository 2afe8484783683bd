// The official socket.io-client over HTTPS/WSS against the corio server of tls_interop_test.cpp:
//   node tls_client.js <port> <websocket | polling | upgrade | untrusted> <ca file> <on | off>
// (on/off: whether the server enables permessage-deflate). Prints "OK ..." and exits 0, or
// "FAIL ..." and exits 1. Every wait is bounded.
"use strict";
const fs = require("node:fs");
const { io } = require("socket.io-client");

const [port, scenario, caFile, deflate] = process.argv.slice(2);
const timer = setTimeout(() => fail(`timed out in scenario ${scenario}`), 20000);
const transports = { websocket: ["websocket"], polling: ["polling"] }[scenario];

function fail(message) {
  console.log(`FAIL ${message}`);
  process.exit(1);
}
function once(socket, event) {
  return new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
}

function connect(options) {
  return io(`https://127.0.0.1:${port}`, { forceNew: true, reconnection: false, ...options });
}

// Engine.IO ended on the expected transport, over TLS, compressed as the server says.
function checkTransport(socket) {
  const transport = socket.io.engine.transport;
  const expected = scenario === "polling" ? "polling" : "websocket";
  if (transport.name !== expected) fail(`on ${transport.name}, not ${expected}`);
  if (transport.name !== "websocket") return;
  if (!transport.ws._socket.encrypted) fail("websocket is not over TLS");
  const extensions = deflate === "on" ? "permessage-deflate" : "";
  if (transport.ws.extensions !== extensions) fail(`extensions "${transport.ws.extensions}"`);
}

// The ack of "echo" with `args`; fails naming `what` when it does not come.
function echo(socket, what, ...args) {
  return socket.timeout(5000).emitWithAck("echo", ...args).catch((e) => {
    fail(`${what}: ${e.message} (on ${socket.io.engine.transport.name})`);
  });
}

async function exchange(socket) {
  const small = { text: "héllo ☃", n: 42 };
  const [reply] = await echo(socket, "small ack", small);
  if (JSON.stringify(reply) !== JSON.stringify(small)) fail(`ack ${JSON.stringify(reply)}`);
  const large = "corio ".repeat(20000);
  const bytes = Buffer.alloc(3000, 5);
  const [text, buffer] = await echo(socket, "large ack", large, bytes);
  if (text !== large) fail("large ack differs");
  if (!Buffer.from(buffer).equals(bytes)) fail("binary ack differs");
  const answer = once(socket, "reply");
  socket.emit("ask", { q: 1 });
  const [got] = await answer;
  if (!got || got.q !== 1) fail(`server emit ${JSON.stringify(got)}`);
}

async function secured() {
  const socket = connect({ transports, ca: fs.readFileSync(caFile) });
  socket.on("connect_error", (e) => fail(`connect_error: ${e.message}`));
  const [welcome] = await once(socket, "welcome");
  if (!welcome || welcome.secure !== true) fail(`welcome ${JSON.stringify(welcome)}`);
  if (scenario === "upgrade" && socket.io.engine.transport.name !== "websocket") {
    await once(socket.io.engine, "upgrade");
  }
  checkTransport(socket);
  await exchange(socket);
  socket.disconnect();
}

async function untrusted() {
  const socket = connect({ transports: ["websocket"] });  // no CA: the certificate is refused
  const [error] = await once(socket, "connect_error");
  socket.close();
  return error.message;
}

async function main() {
  if (scenario === "untrusted") {
    const message = await untrusted();
    clearTimeout(timer);
    console.log(`OK refused: ${message}`);
    return;
  }
  if (!transports && scenario !== "upgrade") fail(`unknown scenario ${scenario}`);
  await secured();
  clearTimeout(timer);
  console.log(`OK ${scenario}`);
  setTimeout(() => process.exit(0), 200);  // lets the disconnect reach the server
}

main().catch((e) => fail(e.stack));
