'use strict';
// Fixtures for tests/core/msgpack_notepack_test.cpp, made by the real notepack.io 3.0.1.
//   table          one line per value of TABLE: name \t hex(encode) \t input view \t decoded view
//   decode FILE    for each hex line of FILE: the view of notepack.decode(bytes), or "ERR msg"
//   recode FILE    for each hex line of FILE: hex(encode(decode(bytes))), or "ERR msg"
// A "view" is JSON text of a value: what JSON.stringify gives (Dates as ISO strings, undefined
// dropped or null), except Buffers/ArrayBuffers {"$bin":hex}, NaN/±Infinity/-0 {"$num":text},
// and, in the input view only, Dates {"$date":iso} (no JSON value encodes as a timestamp).
const fs = require('fs');
const notepack = require('notepack.io');

const bytes = (n) => Buffer.from(Array.from({ length: n }, (_, i) => i & 0xff));
const object = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => ['k' + i, i]));
const array = (n) => Array.from({ length: n }, (_, i) => i % 100);

const TABLE = {
  int_0: 0, int_1: 1, int_127: 127, int_128: 128, int_255: 255, int_256: 256,
  int_65535: 65535, int_65536: 65536, int_2p32m1: 2 ** 32 - 1, int_2p32: 2 ** 32,
  int_2p53m1: 2 ** 53 - 1, int_2p53p2: 2 ** 53 + 2, int_2p63: 2 ** 63, int_2p64: 2 ** 64,
  int_1e300: 1e300,
  neg_1: -1, neg_32: -32, neg_33: -33, neg_128: -128, neg_129: -129, neg_32768: -32768,
  neg_32769: -32769, neg_2p31: -(2 ** 31), neg_2p31m1: -(2 ** 31) - 1, neg_2p40: -(2 ** 40),
  neg_2p53p1: -(2 ** 53) + 1, neg_2p63: -(2 ** 63), neg_1e300: -1e300,
  float_1_5: 1.5, float_0_1: 0.1, float_m2_5: -2.5, float_tiny: 5e-324, float_big: 1.5e300,
  float_nan: NaN, float_inf: Infinity, float_minf: -Infinity, float_m0: -0, float_2: 2.0,
  str_empty: '', str_31: 'x'.repeat(31), str_32: 'x'.repeat(32), str_255: 'y'.repeat(255),
  str_256: 'y'.repeat(256), str_65535: 'z'.repeat(65535), str_65536: 'z'.repeat(65536),
  str_utf8: 'héllo wörld ✓ 😀 日本語', str_utf8_32: 'é'.repeat(16), str_emoji_32: '😀'.repeat(8),
  str_utf8_256: 'é'.repeat(128), str_utf8_long: '✓'.repeat(30000),
  nil: null, yes: true, no: false,
  nested: { a: { b: [1, { c: null }], s: 'x' }, d: true, e: [[], {}, [[[]]]] },
  array_15: array(15), array_16: array(16), array_65535: array(65535), array_65536: array(65536),
  map_15: object(15), map_16: object(16), map_65536: object(65536),
  bin_0: bytes(0), bin_255: bytes(255), bin_256: bytes(256), bin_65536: bytes(65536),
  typed_array: new Uint8Array([7, 8, 9]),
  date_2023: new Date(1700000000000), date_ms: new Date(1700000000123), date_epoch: new Date(0),
  date_neg: new Date(-1), date_neg_s: new Date(-86400000 * 365), date_2106: new Date(2 ** 32 * 1000),
  date_ts64_ms: new Date(2 ** 32 * 1000 + 5), date_ts96: new Date(2 ** 34 * 1000),
  date_year_10000: new Date(253402300800000), date_max: new Date(8.64e15),
  date_min: new Date(-8.64e15), date_year_m1: new Date(-62198755200000),
  date_invalid: new Date(NaN),
  undefined_in_object: { a: 1, u: undefined, b: 2 }, undefined_in_array: [1, undefined, 2],
  undefined_top: undefined,
  broadcast: ['ABCDEF', { type: 2, data: ['chat message', { user: 'alice', at: new Date(0) }],
    nsp: '/' }, { rooms: ['room1'], except: [], flags: { volatile: true } }],
};

function view(value, dates) {
  return JSON.stringify(value, function (key, v) {
    const raw = this[key];
    if (raw instanceof Date && dates) return { $date: isNaN(raw) ? null : raw.toISOString() };
    if (Buffer.isBuffer(raw) || raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
      return { $bin: Buffer.from(raw.buffer ? raw.buffer.slice(raw.byteOffset,
        raw.byteOffset + raw.byteLength) : raw).toString('hex') };
    }
    if (typeof raw === 'number' && (!isFinite(raw) || Object.is(raw, -0))) {
      return { $num: Object.is(raw, -0) ? '-0' : String(raw) };
    }
    return v;
  }) ?? 'null';
}

function eachLine(file, f) {
  const out = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      out.push(f(Buffer.from(line, 'hex')));
    } catch (e) {
      out.push('ERR ' + e.message);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

const [mode, file] = process.argv.slice(2);
if (mode === 'table') {
  const out = [];
  for (const [name, value] of Object.entries(TABLE)) {
    const encoded = notepack.encode(value);
    out.push([name, encoded.toString('hex'), view(value, true),
      view(notepack.decode(encoded), false)].join('\t'));
  }
  process.stdout.write(out.join('\n') + '\n');
} else if (mode === 'decode') {
  eachLine(file, (b) => view([notepack.decode(b)], false));
} else if (mode === 'recode') {
  eachLine(file, (b) => notepack.encode(notepack.decode(b)).toString('hex'));
} else {
  console.error('usage: notepack_fixtures.js table | decode FILE | recode FILE');
  process.exit(2);
}
