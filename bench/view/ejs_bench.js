#!/usr/bin/env node
// Renders, with the real `ejs` (cache on), the two pages build/bin/bench_view renders and reports
// renders/s and µs per render of each:
//   chat page      bench/view/templates/chat.ejs (render_chat_page)
//   app chat page  templates/chat.ejs, the chat app's GET / with 100 messages (render_app_chat_page)
// usage: node bench/view/ejs_bench.js [seconds per page]
'use strict';
const fs = require('fs');
const path = require('path');
const ejs = require(path.join(__dirname, '..', '..', 'tests', 'node', 'node_modules', 'ejs'));

function benchChatData() {
  const data = { title: 'corio <chat>', online: 42, me: 'user3', messages: [] };
  for (let i = 0; i < 100; i++) {
    data.messages.push({ user: 'user' + (i % 7), text: 'message #' + i + ' <b>with</b> "markup" & stuff' });
  }
  return data;
}

// Shaped exactly like apps/chat/pages.cpp base_locals() + home_view() (and bench_view's locals).
function appChatData() {
  const history = [];
  const t0 = 1700000000000;
  for (let i = 0; i < 100; i++) {
    history.push({
      id: 'm' + i, sender: 'user' + (i % 7), recipient: null, command: '', type: 'room',
      data: 'message #' + i + ' <b>with</b> "markup" & stuff', time: t0 + i * 1000,
    });
  }
  return {
    title: 'corio chat \u00b7 #lobby', nickname: 'bench',
    rooms: [{ name: 'lobby', users: ['bench', 'alice'] }, { name: 'random', users: [] }],
    current_room: 'lobby', users: ['bench', 'alice'], history,
    config: { history_size: 100, max_message_length: 500 }, error: '',
  };
}

function bench(label, views, data, seconds) {
  const file = path.join(views, 'chat.ejs');
  const render = ejs.compile(fs.readFileSync(file, 'utf8'), { cache: true, filename: file, views: [views] });
  for (let i = 0; i < 2000; i++) render(data);  // warm up the JIT
  let n = 0;
  let elapsed = 0;
  const start = process.hrtime.bigint();
  while (elapsed < seconds) {
    for (let i = 0; i < 200; i++) render(data);
    n += 200;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const rate = n / elapsed;
  console.log(`ejs ${label}: ${Math.round(rate)} renders/s, ${(1e6 / rate).toFixed(1)} us/render ` +
              `(${render(data).length} bytes)`);
}

if (require.main === module) {
  const seconds = Number(process.argv[2] || 3);
  bench('chat page', path.join(__dirname, 'templates'), benchChatData(), seconds);
  bench('app chat page', path.join(__dirname, '..', '..', 'templates'), appChatData(), seconds);
}
module.exports = { appChatData };
