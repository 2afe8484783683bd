#!/usr/bin/env node
// bench/http/express_server.js: the Node side of the HTTP benchmark (bench/http/run.sh).
// Express 5 + EJS serving exactly what corio_server.cpp serves:
//   GET /hello      text/plain "Hello, World!"
//   GET /json       {"message":"Hello, World!"}
//   GET /users/:id  {"id":"<id>"}
//   GET /page       bench/view/templates/chat.ejs (view cache on: run with NODE_ENV=production)
// Usage: node express_server.js [PORT]  (else $PORT, else 3000); listens on 127.0.0.1 only.
'use strict';
const path = require('path');
const modules = path.join(__dirname, '..', 'node', 'node_modules');
const express = require(path.join(modules, 'express'));

const app = express();
app.set('views', path.join(__dirname, '..', 'view', 'templates'));
app.set('view engine', 'ejs');
// Express turns the view cache on by itself when NODE_ENV=production; say it explicitly.
app.set('view cache', process.env.NODE_ENV === 'production');

// The page's data, built once as corio_server.cpp does.
const pageLocals = { title: 'corio <chat>', online: 42, me: 'user3', messages: [] };
for (let i = 0; i < 100; i++) {
  pageLocals.messages.push({ user: 'user' + (i % 7), text: 'message #' + i + ' <b>with</b> "markup" & stuff' });
}

app.get('/hello', (req, res) => { res.type('text').send('Hello, World!'); });
app.get('/json', (req, res) => { res.json({ message: 'Hello, World!' }); });
app.get('/users/:id', (req, res) => { res.json({ id: req.params.id }); });
app.get('/page', (req, res) => { res.render('chat', pageLocals); });

const port = Number(process.argv[2] || process.env.PORT || 3000);
app.listen(port, '127.0.0.1', () => { console.log(`express: listening on http://127.0.0.1:${port}`); });
