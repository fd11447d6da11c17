'use strict';
/**
 * Counts every outbound connection and name lookup a Node process attempts, and refuses those
 * that would leave this computer (so a test that finds a leak has not leaked anything yet).
 *
 * CommonJS so a child process can load it before anything else: `NODE_OPTIONS=--require <this>`
 * with CANDIL_NET_PROBE_LOG set installs it at once and appends one JSON line per attempt (and a
 * `loaded` line, so a test can tell its probe really ran inside the process it cares about).
 * The test process itself loads it with `require()` and reads `attempts` directly.
 *
 * It patches the lowest JavaScript layer every client goes through: net.Socket#connect (net,
 * tls, http, https, undici's fetch, WebSocket clients), dns.lookup and its promise form, and
 * UDP sends. Native code that opens its own sockets would not be seen.
 */
const net = require('node:net');
const dns = require('node:dns');
const dgram = require('node:dgram');
const fs = require('node:fs');

const attempts = [];
const originals = {
  connect: net.Socket.prototype.connect,
  lookup: dns.lookup,
  promisesLookup: dns.promises.lookup,
  udpSend: dgram.Socket.prototype.send,
  udpConnect: dgram.Socket.prototype.connect,
};
let installed = false;
let logFile = null;

function isLoopback(host) {
  if (typeof host !== 'string') return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

function record(kind, host, port) {
  const attempt = { pid: process.pid, kind, host: String(host), port: port === undefined ? null : Number(port), loopback: kind === 'ipc' || isLoopback(host) };
  attempts.push(attempt);
  if (logFile) fs.appendFileSync(logFile, `${JSON.stringify(attempt)}\n`);
  return attempt;
}

/** Socket#connect's three call shapes, plus net.connect's pre-normalized array. */
function target(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === 'object') {
    if (typeof first.path === 'string') return { kind: 'ipc', host: first.path };
    return { kind: 'tcp', host: first.host === undefined ? 'localhost' : first.host, port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { kind: 'ipc', host: first };
  return { kind: 'tcp', host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

function refused(host) {
  const error = new Error(`network probe: refused a connection to ${host}`);
  error.code = 'ECONNREFUSED';
  return error;
}

function install() {
  if (installed) return;
  installed = true;
  net.Socket.prototype.connect = function probedConnect(...args) {
    const t = target(args);
    const attempt = record(t.kind, t.host, t.port);
    if (attempt.loopback) return originals.connect.apply(this, args);
    process.nextTick(() => this.destroy(refused(t.host)));
    return this;
  };
  dns.lookup = function probedLookup(hostname, ...rest) {
    const attempt = record('dns', hostname);
    if (attempt.loopback) return originals.lookup.call(this, hostname, ...rest);
    const callback = rest[rest.length - 1];
    const error = Object.assign(new Error(`network probe: refused to look up ${hostname}`), { code: 'ENOTFOUND', hostname });
    if (typeof callback === 'function') process.nextTick(() => callback(error));
    return {};
  };
  dns.promises.lookup = function probedPromisesLookup(hostname, ...rest) {
    const attempt = record('dns', hostname);
    if (attempt.loopback) return originals.promisesLookup.call(this, hostname, ...rest);
    return Promise.reject(Object.assign(new Error(`network probe: refused to look up ${hostname}`), { code: 'ENOTFOUND', hostname }));
  };
  dgram.Socket.prototype.send = function probedSend(...args) {
    const address = args.find((a, i) => i > 0 && typeof a === 'string');
    const attempt = record('udp', address === undefined ? '(connected)' : address);
    if (attempt.loopback || address === undefined) return originals.udpSend.apply(this, args);
    const callback = args[args.length - 1];
    if (typeof callback === 'function') process.nextTick(() => callback(refused(address)));
    return undefined;
  };
  dgram.Socket.prototype.connect = function probedUdpConnect(port, address, ...rest) {
    const host = typeof address === 'string' ? address : 'localhost';
    const attempt = record('udp', host, port);
    if (attempt.loopback) return originals.udpConnect.call(this, port, address, ...rest);
    throw refused(host);
  };
}

function uninstall() {
  if (!installed) return;
  installed = false;
  net.Socket.prototype.connect = originals.connect;
  dns.lookup = originals.lookup;
  dns.promises.lookup = originals.promisesLookup;
  dgram.Socket.prototype.send = originals.udpSend;
  dgram.Socket.prototype.connect = originals.udpConnect;
}

if (process.env.CANDIL_NET_PROBE_LOG) {
  logFile = process.env.CANDIL_NET_PROBE_LOG;
  install();
  fs.appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, kind: 'loaded', host: '', port: null, loopback: true })}\n`);
}

module.exports = { attempts, install, uninstall, isLoopback };
