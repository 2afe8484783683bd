// Raw Engine.IO upgrade steps with the npm `ws` package, run by interop_test.cpp:
//   node raw_upgrade_client.js <port> <scenario>
// upgrade: the waiting poll is released with a noop after 2probe/3probe, then `5` switches.
// probe_timeout: a probe that never sends `5` is closed; the session stays on polling.
"use strict";
const http = require("http");
const WebSocket = require("ws");

const [port, scenario] = [process.argv[2], process.argv[3]];
const timer = setTimeout(() => fail("timed out"), 10000);
function fail(message) { console.log(`FAIL ${message}`); process.exit(1); }
function done(details = "") { clearTimeout(timer); console.log(`OK ${details}`); setTimeout(() => process.exit(0), 100); }

function request(method, query, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: `/engine.io/?EIO=4&${query}`,
                               headers: { "Content-Type": "text/plain;charset=UTF-8" } }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode, body: data }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
function nextFrame(ws) {
  return new Promise((resolve) => ws.once("message", (data, binary) => resolve(binary ? data : data.toString())));
}

async function main() {
  const open = await request("GET", "transport=polling");
  const sid = JSON.parse(open.body.slice(1)).sid;
  const q = `transport=polling&sid=${sid}`;
  const poll = request("GET", q);  // waits: nothing to send yet
  const ws = new WebSocket(`ws://127.0.0.1:${port}/engine.io/?EIO=4&transport=websocket&sid=${sid}`);
  await new Promise((resolve, reject) => { ws.on("open", resolve); ws.on("error", reject); });
  ws.send("2probe");
  const pong = await nextFrame(ws);
  if (pong !== "3probe") fail(`probe answer ${pong}`);
  const released = await poll;
  if (released.body !== "6") fail(`waiting poll got ${JSON.stringify(released.body)}`);
  if (scenario === "probe_timeout") {
    const closed = await new Promise((resolve) => ws.on("close", (code) => resolve(code)));
    const post = await request("POST", q, "4still polling");
    const echo = await request("GET", q);
    if (post.body !== "ok" || echo.body !== "4still polling") fail(`polling after probe: ${echo.body}`);
    return done(`probe closed with ${closed}`);
  }
  ws.send("5");
  ws.send("4over websocket");
  const echo = await nextFrame(ws);
  if (echo !== "4over websocket") fail(`echo ${echo}`);
  const stale = await request("GET", q);
  if (stale.status !== 400) fail(`polling after upgrade answered ${stale.status}`);
  ws.close();
  done("upgraded");
}
main().catch((e) => fail(e.stack));
