#!/usr/bin/env node
// Differential test of corio's cors() against the npm `cors` package under Express 5.
//
//   node cors_compare.js --record <out.json>   records what Express + cors answer to every case
//   node cors_compare.js --probe <exe>         runs the same cases against <exe> (corio) and the
//                                              live npm package; exits 1 on any difference
//
// Everything listens on 127.0.0.1 only; every step has a timeout; the probe is killed on exit.
'use strict';

const path = require('path');
const fs = require('fs');
const http = require('http');
const { spawn } = require('child_process');

const nodeModules = path.join(__dirname, '..', 'node', 'node_modules');
const express = require(path.join(nodeModules, 'express'));
const cors = require(path.join(nodeModules, 'cors'));

const CASES_PATH = path.join(__dirname, 'cors_cases.json');
const cases = JSON.parse(fs.readFileSync(CASES_PATH, 'utf8'));
const OVERALL_TIMEOUT_MS = 60000;
const REQUEST_TIMEOUT_MS = 5000;

let probe = null;
function cleanup() {
  if (probe && probe.exitCode === null) probe.kill('SIGKILL');
}
process.on('exit', cleanup);
const overall = setTimeout(() => {
  console.error('cors_compare: timed out');
  cleanup();
  process.exit(2);
}, OVERALL_TIMEOUT_MS);

function originOption(spec) {
  if (Array.isArray(spec)) return spec.map((e) => (typeof e === 'object' ? new RegExp(e.regex) : e));
  if (spec === null || typeof spec !== 'object') return spec;
  if (spec.regex) return new RegExp(spec.regex);
  if (spec.error_fn) return (origin, cb) => cb(new Error('origin rejected'));
  if (spec.allow_fn) return (origin, cb) => cb(null, spec.allow_fn.includes(origin));
  const allowed = spec.async_allow_fn;
  return (origin, cb) => setImmediate(() => cb(null, allowed.includes(origin)));
}

function corsOptions(spec) {
  const options = Object.assign({}, spec);
  if ('origin' in spec) options.origin = originOption(spec.origin);
  return options;
}

function startExpress() {
  const app = express();
  for (const [name, spec] of Object.entries(cases.option_sets)) {
    app.use('/' + name, cors(corsOptions(spec)), (req, res) => res.send('ok'));
  }
  // Keep the default error page quiet (fn_error cases).
  app.use((err, req, res, next) => res.status(500).send('error'));
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function observe(port, c) {
  const headers = {};
  if (c.origin !== undefined) headers['Origin'] = c.origin;
  if (c.request_method !== undefined) headers['Access-Control-Request-Method'] = c.request_method;
  if (c.request_headers !== undefined) headers['Access-Control-Request-Headers'] = c.request_headers;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: c.method, path: '/' + c.set,
                               headers, agent: false, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => {
        const picked = {};
        for (const name of Object.keys(res.headers).sort()) {
          if (name.startsWith('access-control-') || name === 'vary') picked[name] = res.headers[name];
        }
        resolve({ status: res.statusCode, headers: picked });
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

async function observeAll(port) {
  const out = [];
  for (const c of cases.requests) out.push(await observe(port, c));
  return out;
}

function startProbe(exe) {
  return new Promise((resolve, reject) => {
    probe = spawn(exe, [CASES_PATH], { stdio: ['pipe', 'pipe', 'inherit'] });
    let text = '';
    const timer = setTimeout(() => reject(new Error('probe did not report its port')), 10000);
    probe.on('error', reject);
    probe.on('exit', (code) => reject(new Error('probe exited with ' + code)));
    probe.stdout.on('data', (chunk) => {
      text += chunk;
      const line = text.split('\n')[0];
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(Number(line));
      }
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  const server = await startExpress();
  const reference = await observeAll(server.address().port);
  server.close();
  if (args[0] === '--record') {
    fs.writeFileSync(args[1], JSON.stringify(reference, null, 1) + '\n');
    console.log(`recorded ${reference.length} cases in ${args[1]}`);
    return 0;
  }
  if (args[0] !== '--probe') throw new Error('usage: cors_compare.js --record <out> | --probe <exe>');
  const corio = await observeAll(await startProbe(args[1]));
  let failures = 0;
  cases.requests.forEach((c, i) => {
    const want = JSON.stringify(reference[i]);
    const got = JSON.stringify(corio[i]);
    if (want !== got) {
      failures++;
      console.error(`case ${i} ${JSON.stringify(c)}\n  npm cors: ${want}\n  corio:    ${got}`);
    }
  });
  console.log(`${cases.requests.length - failures}/${cases.requests.length} cases match npm cors`);
  return failures ? 1 : 0;
}

main().then((code) => {
  clearTimeout(overall);
  cleanup();
  process.exit(code);
}, (err) => {
  console.error('cors_compare:', err.message);
  cleanup();
  process.exit(2);
});
