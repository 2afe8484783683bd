#!/usr/bin/env node
// Renders every tests/view/corpus/NAME.ejs with the real `ejs` package (NAME.json as locals)
// into OUT_DIR/NAME.html; a render error is written to OUT_DIR/NAME.error instead.
// usage: node render_with_ejs.js OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const ejs = require(path.join(__dirname, '..', 'node', 'node_modules', 'ejs'));

const corpus = path.join(__dirname, 'corpus');
const out = process.argv[2];
if (!out) {
  console.error('usage: render_with_ejs.js OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
for (const file of fs.readdirSync(corpus).filter((f) => f.endsWith('.ejs')).sort()) {
  const name = file.slice(0, -4);
  const dataFile = path.join(corpus, name + '.json');
  const data = fs.existsSync(dataFile) ? JSON.parse(fs.readFileSync(dataFile, 'utf8')) : {};
  try {
    const html = ejs.render(fs.readFileSync(path.join(corpus, file), 'utf8').replace(/^\uFEFF/, ''),
      data, { filename: path.join(corpus, file), views: [corpus] });
    fs.writeFileSync(path.join(out, name + '.html'), html);
  } catch (e) {
    fs.writeFileSync(path.join(out, name + '.error'), String(e.message));
  }
}
