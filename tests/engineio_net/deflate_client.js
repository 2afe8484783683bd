// permessage-deflate with the official engine.io-client (its default perMessageDeflate option,
// threshold 1024), run by deflate_interop_test.cpp:
//   node deflate_client.js <port> <scenario> <"on" | "off": whether the server compresses>
// Prints "OK <details>" and exits 0 on success; prints the failure and exits 1 otherwise.
"use strict";
const crypto = require("node:crypto");
const { Socket } = require("engine.io-client");

const [port, scenario, mode] = process.argv.slice(2);
const deflating = mode === "on";
const timer = setTimeout(() => fail(`timed out in scenario ${scenario}`), 20000);

function fail(message) {
  console.log(`FAIL ${message}`);
  process.exit(1);
}
function done(details) {
  clearTimeout(timer);
  console.log(`OK ${details}`);
  setTimeout(() => process.exit(0), 200);  // lets the close packet reach the server
}
function open(options) {
  const socket = new Socket(`http://127.0.0.1:${port}`, options);
  socket.on("error", (e) => fail(`socket error: ${e && e.message}`));
  return new Promise((resolve) => socket.on("open", () => resolve(socket)));
}
function next(socket, count) {
  return new Promise((resolve) => {
    const got = [];
    const onMessage = (data) => {
      got.push(data);
      if (got.length === count) {
        socket.off("message", onMessage);
        resolve(got);
      }
    };
    socket.on("message", onMessage);
  });
}
function same(a, b) {
  if (typeof b === "string") return a === b;
  return typeof a !== "string" && Buffer.from(a).equals(Buffer.from(b));
}

// Sends `data`, checks the echo and what crossed the wire each way.
async function roundTrip(socket, what, data) {
  const tcp = socket.transport.ws._socket;
  const [read, written] = [tcp.bytesRead, tcp.bytesWritten];
  const reply = next(socket, 1);
  socket.send(data);
  const [echo] = await reply;
  if (!same(echo, data)) fail(`${what}: echo differs`);
  const size = (typeof data === "string" ? Buffer.byteLength(data) : data.length) + 1;
  const [received, sent] = [tcp.bytesRead - read, tcp.bytesWritten - written];
  const compressible = !what.includes("random");
  if (size < 1024 && received < size) fail(`${what}: ${received} bytes read, not sent as is`);
  if (size >= 1024 && compressible) {
    // Both sides compress from the threshold on, when the extension was agreed.
    if (deflating !== sent < size / 2) fail(`${what}: the client sent ${sent} bytes`);
    if (deflating !== received < size / 2) fail(`${what}: ${received} bytes read`);
  }
}

async function battery(socket) {
  const ws = socket.transport.ws;
  if (socket.transport.name !== "websocket") fail("not on websocket");
  if (ws.extensions !== (deflating ? "permessage-deflate" : "")) fail(`extensions "${ws.extensions}"`);
  await roundTrip(socket, "small text", "a".repeat(500));
  await roundTrip(socket, "small binary", Buffer.alloc(500, 1));
  await roundTrip(socket, "text at threshold", "b".repeat(1023));
  await roundTrip(socket, "large text", "héllo ☃ ".repeat(1000));
  await roundTrip(socket, "large binary", Buffer.alloc(5000, 2));
  await roundTrip(socket, "500 KB text", "corio ".repeat(85000));
  await roundTrip(socket, "500 KB random binary", crypto.randomBytes(500 * 1024));
}

// The server's "cmd:sized-burst:N" messages, alternately small and large, all in order.
async function burst(socket, count, upgraded) {
  const got = next(socket, count);
  socket.send(`cmd:sized-burst:${count}`);
  if (upgraded) await upgraded;
  const messages = await got;
  messages.forEach((m, i) => { if (m !== burstMessage(i)) fail(`burst[${i}] = ${m.slice(0, 20)}`); });
}
function burstMessage(i) {
  return `m${i}:` + "x".repeat(i % 2 ? 2000 : 10);
}

// What the server's reply to `command` cost on the wire.
async function replyBytes(socket, command) {
  const tcp = socket.transport.ws._socket;
  const read = tcp.bytesRead;
  const reply = next(socket, 1);
  socket.send(command);
  await reply;
  return tcp.bytesRead - read;
}

const scenarios = {
  async flags() {
    const socket = await open({ transports: ["websocket"] });
    if (socket.transport.ws.extensions !== "permessage-deflate") fail("no extension agreed");
    const text = "z".repeat(4000);
    const plain = await replyBytes(socket, `cmd:plain:${text}`);
    const packed = await replyBytes(socket, `cmd:packed:${text}`);
    if (plain < 4000) fail(`compress(false) packet read as ${plain} bytes`);
    if (packed > 1000) fail(`compressible shared packet read as ${packed} bytes`);
    socket.close();
    done(`plain ${plain} B, packed ${packed} B`);
  },
  async websocket() {
    const socket = await open({ transports: ["websocket"] });
    await battery(socket);
    await burst(socket, 200);
    const extensions = socket.transport.ws.extensions;
    socket.close();
    done(extensions || "no extension");
  },
  async upgrade() {
    const socket = new Socket(`http://127.0.0.1:${port}`, {});
    socket.on("error", (e) => fail(`socket error: ${e && e.message}`));
    const upgraded = new Promise((resolve) => socket.on("upgrade", resolve));
    await new Promise((resolve) => socket.on("open", resolve));
    if (socket.transport.name !== "polling") fail("did not start with polling");
    // Messages above and below the threshold cross the upgrade: none lost or reordered.
    await burst(socket, 300, upgraded);
    await battery(socket);
    socket.close();
    done("upgraded");
  },
};

if (!scenarios[scenario]) fail(`unknown scenario ${scenario}`);
scenarios[scenario]().catch((e) => fail(e.stack));
