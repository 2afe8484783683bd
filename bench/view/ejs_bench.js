#!/usr/bin/env node
// Renders bench/view/templates/chat.ejs with the real `ejs` (cache on) and reports renders/s;
// compare with build/bin/bench_view (same template and data).
'use strict';
const path = require('path');
const ejs = require(path.join(__dirname, '..', '..', 'tests', 'node', 'node_modules', 'ejs'));

const views = path.join(__dirname, 'templates');
const data = { title: 'corio <chat>', online: 42, me: 'user3', messages: [] };
for (let i = 0; i < 100; i++) {
  data.messages.push({ user: 'user' + (i % 7), text: 'message #' + i + ' <b>with</b> "markup" & stuff' });
}
const file = path.join(views, 'chat.ejs');
const opts = { cache: true, filename: file, views: [views] };
const render = ejs.compile(require('fs').readFileSync(file, 'utf8'), opts);
for (let i = 0; i < 2000; i++) render(data);  // warm up the JIT
const seconds = Number(process.argv[2] || 3);
let n = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < seconds) {
  for (let i = 0; i < 500; i++) render(data);
  n += 500;
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
}
console.log(`ejs chat page: ${Math.round(n / elapsed)} renders/s (${render(data).length} bytes)`);
