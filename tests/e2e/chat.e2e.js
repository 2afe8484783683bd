// tests/e2e/chat.e2e.js: the chat app in a real browser (Chromium via playwright-core) against
// $CHAT_SERVER_CMD (default: the Node reference). Three users, websocket and polling pages,
// rooms, whispers, notices, typing, hostile text, and a server restart the pages survive.
// Run: node --test tests/e2e/chat.e2e.js   (CHROMIUM=/usr/bin/chromium, ARTIFACT_DIR=build/artifacts)
// Each run gets a fresh browser profile: chromium.launch() creates and removes a temporary
// user-data dir itself (Playwright refuses --user-data-dir in launch args).
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, need, ChatServer } = require('../chat/support');

const { chromium } = need('playwright-core');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACT_DIR = path.resolve(REPO, process.env.ARTIFACT_DIR || path.join('build', 'artifacts'));
const WAIT_MS = 5000;
const RECONNECT_MS = 20000;

const NOTICE_TOKEN = 'operator-token-' + process.pid;
const server = new ChatServer({ NOTICE_TOKEN });
let browser;
const pages = {};
const dialogs = [];
const pageErrors = [];
const websockets = { alice: 0, bob: 0, carol: 0 };

/// Opens a page signed in as `nickname` (its own browser context: its own cookies).
async function open(nickname, query = '') {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('websocket', () => { websockets[nickname] += 1; });
  page.on('pageerror', (e) => { pageErrors.push(`${nickname}: ${e.message}`); });
  await page.goto(`${server.url}/?nickname=${nickname}${query}`);
  await online(page);
  return page;
}

const online = (page, ms = WAIT_MS) => page.waitForSelector('#status[data-state="online"]', { timeout: ms });
const visibleTexts = (page) => page.$$eval('#messages li.message:not([hidden]) .text', (els) => els.map((e) => e.textContent));

/// Waits until a visible message of the page reads exactly `text`.
function seeMessage(page, text) {
  return page.waitForFunction((t) => Array.from(document.querySelectorAll('#messages li.message:not([hidden]) .text'))
    .some((e) => e.textContent === t), text);
}

function seeNotice(page, text) {
  return page.waitForFunction((t) => Array.from(document.querySelectorAll('#notices .text'))
    .some((e) => e.textContent === t), text);
}

function seeUsers(page, nicknames) {
  return page.waitForFunction((want) => JSON.stringify(Array.from(document.querySelectorAll('#users li'))
    .map((li) => li.dataset.nickname).sort()) === JSON.stringify(want), nicknames.slice().sort());
}

async function send(page, text, type = 'room') {
  await page.selectOption('#type', type);
  await page.fill('#text', text);
  await page.click('#send');
}

/// Sends and waits for the "delivered" mark of that message (set when the ack arrives).
async function sendDelivered(page, text, type = 'room') {
  await send(page, text, type);
  await page.waitForFunction((t) => Array.from(document.querySelectorAll('#messages li.own.delivered .text'))
    .some((e) => e.textContent === t), text);
}

async function joinRoom(page, room) {
  await page.fill('#join-room', room);
  await page.click('#join-form button[type=submit]');
  await page.waitForFunction((r) => document.getElementById('current-room').textContent === r, room);
}

const switchTo = (page, room) => page.click(`#rooms li[data-room="${room}"] button[data-action="switch"]`);
const currentRoom = (page) => page.textContent('#current-room');

describe('chat in the browser', { timeout: 120000 }, () => {
  before(async () => {
    await server.start();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--no-first-run',],
    });
  });

  after(async () => {
    if (browser) await browser.close();
    await server.stop();
  });

  test('two users sign in and see each other in the lobby', async () => {
    pages.alice = await open('alice');
    pages.bob = await open('bob');
    assert.equal(await pages.alice.textContent('#me'), 'alice');
    assert.equal(await currentRoom(pages.alice), 'lobby');
    await seeUsers(pages.alice, ['alice', 'bob']);
    await seeNotice(pages.alice, 'bob signed in');
    await seeNotice(pages.alice, 'bob joined #lobby');
  });

  test('room and public messages reach the other page, with a delivered mark for the sender', async () => {
    await sendDelivered(pages.alice, 'hello bob');
    await seeMessage(pages.bob, 'hello bob');
    await sendDelivered(pages.bob, 'hi alice, to everyone', 'public');
    await seeMessage(pages.alice, 'hi alice, to everyone');
    const sender = await pages.bob.textContent('#messages li.message:last-child .sender');
    assert.equal(sender, 'bob');
  });

  test('both join a room; the room, its members and the join notice update', async () => {
    await joinRoom(pages.alice, 'e2e');
    await joinRoom(pages.bob, 'e2e');
    await seeNotice(pages.alice, 'bob joined #e2e');
    await seeUsers(pages.alice, ['alice', 'bob']);
    await sendDelivered(pages.bob, 'welcome to e2e');
    await seeMessage(pages.alice, 'welcome to e2e');
  });

  test('typing shows on the other page', async () => {
    await pages.bob.type('#text', 'abc');
    await pages.alice.waitForFunction(() => document.getElementById('typing').textContent === 'bob is typing…');
    await pages.bob.fill('#text', '');
  });

  test('a whisper reaches its recipient, chosen from the user list', async () => {
    await pages.alice.click('#users li[data-nickname="bob"] button');
    assert.equal(await pages.alice.inputValue('#type'), 'private');
    assert.equal(await pages.alice.inputValue('#recipient'), 'bob');
    await pages.alice.fill('#text', 'just for you');
    await pages.alice.click('#send');
    await seeMessage(pages.bob, 'just for you');
    const tag = await pages.bob.textContent('#messages li[data-type="private"] .tag');
    assert.equal(tag, 'whisper → bob');
  });

  test('switching rooms shows each room its own messages', async () => {
    await switchTo(pages.alice, 'lobby');
    await pages.alice.waitForFunction(() => document.getElementById('current-room').textContent === 'lobby');
    let texts = await visibleTexts(pages.alice);
    assert.ok(texts.includes('hello bob') && !texts.includes('welcome to e2e'), texts.join('|'));
    await switchTo(pages.alice, 'e2e');
    await pages.alice.waitForFunction(() => document.getElementById('current-room').textContent === 'e2e');
    texts = await visibleTexts(pages.alice);
    assert.ok(!texts.includes('hello bob') && texts.includes('welcome to e2e'), texts.join('|'));
  });

  test('a polling-only page chats with the websocket pages', async () => {
    pages.carol = await open('carol', '&transports=polling');
    await sendDelivered(pages.carol, 'carol over polling', 'public');
    await seeMessage(pages.alice, 'carol over polling');
    await sendDelivered(pages.alice, 'alice over websocket', 'public');
    await seeMessage(pages.carol, 'alice over websocket');
    assert.equal(websockets.carol, 0, 'the polling page opened a websocket');
    assert.ok(websockets.alice >= 1, 'the default page never upgraded to websocket');
    assert.ok(!(await visibleTexts(pages.carol)).includes('just for you'), 'carol saw a whisper');
  });

  test('a hostile message shows as text', async () => {
    const hostile = '<img src=x onerror=alert(1)><b>bold</b>';
    await sendDelivered(pages.alice, hostile);
    await seeMessage(pages.bob, hostile);
    assert.equal(await pages.bob.$$eval('#messages img, #messages b', (els) => els.length), 0);
    assert.deepEqual(dialogs, []);
  });

  test('/system notices show on every page', async () => {
    const res = await fetch(`${server.url}/notice`, {
      method: 'POST', body: JSON.stringify({ text: 'maintenance at noon' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${NOTICE_TOKEN}` },
    });
    assert.equal(res.status, 200);
    for (const page of [pages.alice, pages.bob, pages.carol]) await seeNotice(page, 'Notice! maintenance at noon');
  });

  test('the chat view looks right (screenshot)', async () => {
    fs.mkdirSync(ARTIFACT_DIR, { recursive: true });
    await pages.alice.screenshot({ path: path.join(ARTIFACT_DIR, 'chat.png') });
  });

  test('leaving a room updates the others', async () => {
    await pages.bob.click('#rooms li[data-room="e2e"] button[data-action="leave"]');
    await pages.bob.waitForFunction(() => document.getElementById('current-room').textContent === 'lobby');
    await seeNotice(pages.alice, 'bob left #e2e');
    await seeUsers(pages.alice, ['alice']);
  });

  test('the pages survive a server restart: same nickname, same rooms', async () => {
    await server.stop();
    await pages.alice.waitForSelector('#status[data-state="offline"]');
    await server.start(server.port);
    for (const page of [pages.alice, pages.bob, pages.carol]) await online(page, RECONNECT_MS);
    assert.equal(await currentRoom(pages.alice), 'e2e');
    const rooms = await pages.alice.$$eval('#rooms li.joined', (els) => els.map((li) => li.dataset.room));
    assert.deepEqual(rooms.sort(), ['e2e', 'lobby']);
    await seeUsers(pages.alice, ['alice']);
    await sendDelivered(pages.alice, 'back after the restart');
    await sendDelivered(pages.alice, 'hello again, everyone', 'public');
    await seeMessage(pages.bob, 'hello again, everyone');
    await seeMessage(pages.carol, 'hello again, everyone');
    await seeUsers(pages.bob, ['alice', 'bob', 'carol']);
    assert.deepEqual(pageErrors, []);
  });
});
