// bench/node/config.js: settings of the Node reference chat server (bench/node/chat_server.js).
// The C++ app (apps/chat) has the same settings with the same defaults; environment variables
// PORT, HOST, HISTORY_SIZE, CORS_ORIGIN, RATE_LIMIT (0 = off, for benchmarks) and NOTICE_TOKEN
// override them.
'use strict';

function envInt(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

module.exports = {
  port: envInt('PORT', 3000),
  host: process.env.HOST || '127.0.0.1',
  title: 'corio chat',
  historySize: envInt('HISTORY_SIZE', 100),       // messages kept per room
  maxMessageLength: 1000,                         // characters (UTF-16 units) of `data`
  maxNicknameLength: 20,
  maxRoomLength: 30,
  maxNoticeLength: 1000,                          // characters of a POST /notice text
  maxRoomsPerSocket: 50,
  rateLimit: { messages: envInt('RATE_LIMIT', 20), windowMs: 10000 },  // per socket, sliding window; 0 = off
  defaultRoom: 'lobby',
  corsOrigin: process.env.CORS_ORIGIN || '',      // '' = same origin only
  noticeToken: process.env.NOTICE_TOKEN || '',    // operator's bearer token of POST /notice; '' = route off
};
