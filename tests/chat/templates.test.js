// tests/chat/templates.test.js: templates/*.ejs render byte-identically in the real `ejs` and in
// corio's engine (the corio-ejs CLI: $CORIO_EJS, else build*/bin/corio-ejs; skipped if none).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO, need } = require('./support');

const ejs = need('ejs');
const VIEWS = path.join(REPO, 'templates');

function findCorioEjs() {
  if (process.env.CORIO_EJS) return process.env.CORIO_EJS;
  for (const dir of fs.readdirSync(REPO).filter((d) => d.startsWith('build')).sort()) {
    const bin = path.join(REPO, dir, 'bin', 'corio-ejs');
    if (fs.existsSync(bin)) return bin;
  }
  return undefined;
}
const corioEjs = findCorioEjs();

const message = (id, sender, type, recipient, data) =>
  ({ id, sender, recipient, command: 'chat', type, data, time: 1700000000000 + id.length });
const base = {
  title: 'corio chat', nickname: '', rooms: [{ name: 'lobby', users: [] }], current_room: 'lobby',
  users: [], history: [], config: { history_size: 100, max_message_length: 1000 }, error: '',
};
const cases = {
  'index, nobody online': ['index', base],
  'index with an error and rooms': ['index', {
    ...base, error: 'A nickname is 1 to 20 letters, digits, "_" or "-".', users: ['ann', 'bob'],
    rooms: [{ name: 'lobby', users: ['ann', 'bob'] }, { name: 'dev', users: ['bob'] }],
  }],
  'chat, empty room': ['chat', { ...base, nickname: 'ann', title: 'corio chat · #lobby' }],
  'chat with hostile history': ['chat', {
    ...base, nickname: 'ann', current_room: 'dev', users: ['ann', 'bob', 'cy'],
    rooms: [{ name: 'lobby', users: ['ann', 'bob', 'cy'] }, { name: 'dev', users: ['bob', 'ann'] }],
    history: [
      message('a-1', 'bob', 'room', 'dev', '<img src=x onerror=alert(1)> & "q" \'s\''),
      message('a-22', 'ann', 'room', 'dev', 'mine'),
      message('a-333', 'bob', 'public', '', 'to all'),
      message('a-4444', 'ann', 'private', 'cy', 'whisper </li><script>'),
      message('a-55555', 'cy', 'random', 'ann', 'hi stranger'),
      message('a-666666', 'bob', 'broadcast', '', 'ünïcödé ✓ 😀'),
    ],
  }],
};

for (const [name, [template, locals]] of Object.entries(cases)) {
  test(`${template}.ejs renders the same in ejs and corio: ${name}`, { skip: corioEjs ? false : 'no corio-ejs binary' }, () => {
    const file = path.join(VIEWS, `${template}.ejs`);
    const expected = ejs.render(fs.readFileSync(file, 'utf8'), locals, { filename: file, views: [VIEWS] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-tpl-'));
    try {
      fs.writeFileSync(path.join(dir, 'data.json'), JSON.stringify(locals));
      const actual = execFileSync(corioEjs, [file, '-f', path.join(dir, 'data.json'), '--views', VIEWS], { encoding: 'utf8', timeout: 10000 });
      assert.equal(actual, expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
