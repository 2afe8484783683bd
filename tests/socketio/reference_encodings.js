// Prints the reference encodings used in packet_test.cpp, produced by the real socket.io-parser.
// Run from the repo root:  node tests/socketio/reference_encodings.js
const { Encoder, PacketType: T } = require(require("path").join(__dirname, "../node/node_modules/socket.io-parser"));
const enc = new Encoder();
const cases = [
  { type: T.EVENT, nsp: "/", data: ["chat message", "hi"] },
  { type: T.EVENT, nsp: "/admin", id: 12, data: ["x"] },
  { type: T.CONNECT, nsp: "/", data: { token: "x" } },
  { type: T.CONNECT, nsp: "/" },
  { type: T.CONNECT, nsp: "/admin", data: { sid: "abc" } },
  { type: T.DISCONNECT, nsp: "/admin" },
  { type: T.ACK, nsp: "/", id: 7, data: [] },
  { type: T.ACK, nsp: "/chat", id: 0, data: [null, { ok: true }] },
  { type: T.CONNECT_ERROR, nsp: "/", data: { message: "Not authorized" } },
  { type: T.CONNECT_ERROR, nsp: "/x", data: "Invalid namespace" },
  { type: T.EVENT, nsp: "/", data: ["n", 1.0, 0.1, 1e21, 1e-7, 123e-20, -0, 1.5, 1e300, 123456789012345680000, 0.000001, 5e-324, -2.5e-8] },
  { type: T.EVENT, nsp: "/", data: ["n", NaN, Infinity, -Infinity, 9007199254740991] },
  { type: T.EVENT, nsp: "/", data: ["s", "a\"b\\c\n\r\t\b\f\u0001\u001f\u007f/é€😀"] },
  { type: T.EVENT, nsp: "/", data: ["o", { b: 1, a: [true, false, null], "": {} }] },
  { type: T.EVENT, nsp: "/", data: ["up", Buffer.from([1, 2, 3])] },
  { type: T.EVENT, nsp: "/room", id: 3, data: ["up", { a: [Buffer.from([1]), { b: Buffer.from([2]) }], c: Buffer.from([]) }] },
  { type: T.ACK, nsp: "/", id: 4, data: [Buffer.from([9])] },
];
for (const c of cases) {
  const out = enc.encode(c);
  console.log(JSON.stringify(out.map((x) => (typeof x === "string" ? x : [...x]))));
}
