// The npm `ws` client against a corio echo route, run by deflate_interop_test.cpp and by the
// WSS test of tests/socketio_net:
//   node deflate_client.js <ws[s]://127.0.0.1:port/path> '<config json>'
// config: { offer: <ws perMessageDeflate option: false | true | {...}>,
//           expect: <the Sec-WebSocket-Extensions the server must answer, or null>,
//           threshold: <the server's compression threshold>,
//           serverTakeover: <false when the server must reset its compressor per message>,
//           ca: <path of a CA file for wss, optional> }
// Prints "OK ..." and exits 0, or prints "FAIL ..." and exits 1. Every wait is bounded.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const WebSocket = require("ws");

const url = process.argv[2];
const config = JSON.parse(process.argv[3] || "{}");
const timer = setTimeout(() => fail("timed out"), 20000);

function fail(message) {
  console.log(`FAIL ${message}`);
  process.exit(1);
}

// Text of `size` bytes that deflate shrinks a lot.
function compressible(size, seed = "corio ") {
  return seed.repeat(Math.ceil(size / seed.length)).slice(0, size);
}
// Base64 text of random bytes: compresses little by itself, a lot when repeated.
function randomText(size) {
  return crypto.randomBytes(size).toString("base64").slice(0, size);
}

function open() {
  const options = { perMessageDeflate: config.offer };
  if (config.ca) options.ca = fs.readFileSync(config.ca);
  const ws = new WebSocket(url, options);
  return new Promise((resolve) => {
    let answered = null;
    ws.on("upgrade", (res) => { answered = res.headers["sec-websocket-extensions"] ?? null; });
    ws.on("open", () => resolve({ ws, answered }));
    ws.on("error", (e) => fail(`error: ${e.message}`));
    ws.on("close", (code) => fail(`closed early with ${code}`));
  });
}

// Sends `data` and resolves with the echo and the bytes each way on the wire.
function echo(ws, data) {
  const written = ws._socket.bytesWritten;
  const read = ws._socket.bytesRead;
  return new Promise((resolve) => {
    ws.once("message", (reply, isBinary) => {
      resolve({ reply, isBinary, sent: ws._socket.bytesWritten - written,
                received: ws._socket.bytesRead - read });
    });
    ws.send(data);
  });
}

function same(reply, isBinary, data) {
  if (typeof data === "string") return !isBinary && reply.toString("utf8") === data;
  return isBinary && Buffer.compare(Buffer.from(reply), Buffer.from(data)) === 0;
}

async function roundTrip(ws, what, data, { compressed }) {
  const r = await echo(ws, data);
  if (!same(r.reply, r.isBinary, data)) fail(`${what}: echo differs`);
  const size = Buffer.byteLength(data);
  // A compressed frame of compressible data is far smaller than the data; a plain one is not.
  if (compressed === true && r.received >= size / 2) fail(`${what}: ${r.received} bytes read`);
  if (compressed === false && r.received < size) fail(`${what}: only ${r.received} bytes read`);
  return r;
}

async function battery(ws, negotiated) {
  const t = config.threshold ?? 1024;
  const on = negotiated;
  await roundTrip(ws, "below threshold", compressible(Math.max(t - 1, 0)), { compressed: false });
  await roundTrip(ws, "at threshold", compressible(Math.max(t, 64)), { compressed: on });
  await roundTrip(ws, "unicode", "héllo wörld ☃ ".repeat(200), { compressed: on });
  await roundTrip(ws, "binary", Buffer.from(compressible(4096, "\x00\x01\x02\xff")), { compressed: on });
  await roundTrip(ws, "500 KB compressible text", compressible(500 * 1024), { compressed: on });
  await roundTrip(ws, "500 KB compressible binary", Buffer.alloc(500 * 1024, 7), { compressed: on });
  await roundTrip(ws, "500 KB random binary", crypto.randomBytes(500 * 1024), {});
  // Repeats 2 KB apart: a compressor using a larger window than agreed breaks the inflater.
  const block = randomText(2048);
  await roundTrip(ws, "far repeats", block + block + block, {});
  await contextTakeover(ws, on);
  await inARow(ws, 300);
}

// The same text twice: with context takeover the second copy costs a few bytes. The text
// repeats a 250-byte random block, within the smallest window (512 bytes), and is over 1024.
async function contextTakeover(ws, negotiated) {
  const text = randomText(250).repeat(5);
  await roundTrip(ws, "first copy", text, {});
  const second = await roundTrip(ws, "second copy", text, {});
  if (!negotiated) return;
  const small = second.received < 120;
  if (config.serverTakeover !== false && !small) fail(`no context takeover (${second.received})`);
  if (config.serverTakeover === false && small) fail(`context taken over (${second.received})`);
}

// `count` messages sent at once, of sizes around the threshold: all echoed, in order.
function inARow(ws, count) {
  const sent = [];
  for (let i = 0; i < count; ++i) {
    const text = `${i}:` + compressible((i * 37) % 3000, `m${i % 7} `);
    sent.push(i % 5 === 0 ? Buffer.from(text) : text);
  }
  return new Promise((resolve) => {
    let next = 0;
    const onMessage = (reply, isBinary) => {
      if (!same(reply, isBinary, sent[next])) fail(`in a row: message ${next} differs`);
      if (++next === count) {
        ws.off("message", onMessage);
        resolve();
      }
    };
    ws.on("message", onMessage);
    for (const m of sent) ws.send(m);
  });
}

async function main() {
  const { ws, answered } = await open();
  if (answered !== config.expect) fail(`extensions ${JSON.stringify(answered)}`);
  const negotiated = ws.extensions === "permessage-deflate";
  if (negotiated !== (config.expect !== null)) fail(`ws.extensions is "${ws.extensions}"`);
  await battery(ws, negotiated);
  ws.removeAllListeners("close");
  const code = await new Promise((resolve) => {
    ws.on("close", resolve);
    ws.close(1000, "done");
  });
  if (code !== 1000) fail(`closed with ${code}`);
  clearTimeout(timer);
  console.log(`OK ${answered ?? "no extension"}`);
}

main().catch((e) => fail(e.stack));
