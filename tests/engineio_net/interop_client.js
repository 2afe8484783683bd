// Interop scenarios run by interop_test.cpp with the official engine.io-client:
//   node interop_client.js <port> <scenario>
// Prints "OK <details>" and exits 0 on success; prints the failure and exits 1 otherwise.
"use strict";
const { Socket } = require("engine.io-client");

const [port, scenario] = [process.argv[2], process.argv[3]];
const url = `http://127.0.0.1:${port}`;
const timer = setTimeout(() => fail(`timed out in scenario ${scenario}`), 15000);

function fail(message) {
  console.log(`FAIL ${message}`);
  process.exit(1);
}
function done(details = "") {
  clearTimeout(timer);
  console.log(`OK ${details}`);
  setTimeout(() => process.exit(0), 200);  // lets a close packet or frame reach the server
}
function open(options) {
  const socket = new Socket(url, options);
  socket.on("error", (e) => fail(`socket error: ${e && e.message}`));
  return socket;
}
// Resolves with the next `count` messages.
function next(socket, count = 1) {
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
function expectBytes(data, bytes, what) {
  if (typeof data === "string" || !Buffer.from(data).equals(bytes)) fail(`${what}: binary differs`);
}
async function echoBoth(socket, what) {
  const reply = next(socket, 2);
  socket.send("héllo ☃");
  socket.send(new Uint8Array([0, 1, 2, 255]));
  const [text, bytes] = await reply;
  if (text !== "héllo ☃") fail(`${what}: text echo ${JSON.stringify(text)}`);
  expectBytes(bytes, Buffer.from([0, 1, 2, 255]), what);
}
function whenOpen(socket) {
  return new Promise((resolve) => socket.on("open", resolve));
}

const scenarios = {
  async polling() {
    const socket = open({ transports: ["polling"] });
    await whenOpen(socket);
    await echoBoth(socket, "polling");
    if (socket.transport.name !== "polling") fail("not polling");
    socket.close();
    done(socket.id);
  },
  async websocket() {
    const socket = open({ transports: ["websocket"] });
    await whenOpen(socket);
    await echoBoth(socket, "websocket");
    if (socket.transport.name !== "websocket") fail("not websocket");
    socket.close();
    done(socket.id);
  },
  async upgrade() {
    const socket = open({});
    const upgraded = new Promise((resolve) => socket.on("upgrade", resolve));
    await whenOpen(socket);
    if (socket.transport.name !== "polling") fail("did not start with polling");
    // Messages flow while the upgrade happens: none lost, duplicated or reordered.
    const burst = next(socket, 300);
    socket.send("cmd:burst:300");
    await upgraded;
    const got = await burst;
    got.forEach((m, i) => { if (m !== `m${i}`) fail(`burst[${i}] = ${m}`); });
    if (socket.transport.name !== "websocket") fail("not upgraded");
    await echoBoth(socket, "after upgrade");
    socket.close();
    done("upgraded");
  },
  async large_polling() { await large(["polling"]); },
  async large_websocket() { await large(["websocket"]); },
  async heartbeat() {
    const socket = open({ transports: [process.argv[4] || "websocket"] });
    let pings = 0;
    socket.on("ping", () => pings++);
    socket.on("close", (reason) => fail(`closed: ${reason}`));
    await whenOpen(socket);
    await new Promise((r) => setTimeout(r, 1600));
    if (pings < 4) fail(`only ${pings} pings`);
    await echoBoth(socket, "after heartbeats");
    socket.off("close");
    socket.close();
    done(`${pings} pings`);
  },
  async silent() {
    const socket = open({ transports: [process.argv[4] || "websocket"] });
    const original = socket._sendPacket.bind(socket);
    socket._sendPacket = (type, ...rest) => { if (type !== "pong") original(type, ...rest); };
    await whenOpen(socket);
    const reason = await new Promise((resolve) => socket.on("close", resolve));
    done(reason);
  },
  async server_close() {
    const socket = open({ transports: [process.argv[4] || "websocket"] });
    await whenOpen(socket);
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.send("cmd:close");
    done(await closed);
  },
};

async function large(transports) {
  const socket = open({ transports });
  await whenOpen(socket);
  const text = "x".repeat(900000);
  const bytes = Buffer.alloc(600000, 7);
  const reply = next(socket, 2);
  socket.send(text);
  socket.send(bytes);
  const [t, b] = await reply;
  if (t !== text) fail(`large text differs (${t.length})`);
  expectBytes(b, bytes, "large binary");
  socket.close();
  done(transports[0]);
}

if (!scenarios[scenario]) fail(`unknown scenario ${scenario}`);
scenarios[scenario]().catch((e) => fail(e.stack));
