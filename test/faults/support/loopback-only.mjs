// Loaded with `node --import` into every forcewatch child the fault suite starts, so that nothing
// but the loopback interface is ever reached, whatever the code under test gets wrong:
// - host names other than localhost are not resolved (the resolver is not on 127.0.0.1): an
//   article link to news.example.org fails as ENOTFOUND instead of sending a DNS query;
// - a connection to an IP address outside 127.0.0.0/8, ::1 and the unspecified address is
//   refused with ETESTFIREWALL. The SSRF tests expect forcewatch's own refusal, so a guard that
//   stopped working shows up as this error rather than as traffic.
// Each refusal is noted on stderr as "[loopback-only] ...".
import dns from 'node:dns';
import net from 'node:net';

const { process } = globalThis;
const resolve = dns.lookup;

dns.lookup = function lookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (hostname === 'localhost' || net.isIP(hostname) !== 0) return resolve.call(dns, hostname, options, callback);
  process.stderr.write(`[loopback-only] not resolving ${hostname}\n`);
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
  process.nextTick(() => done(error));
};

function isLocal(address) {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIPv4(bare)) return bare.startsWith('127.') || bare === '0.0.0.0';
  return bare === '::1' || bare === '::' || /^::ffff:127\./.test(bare) || /^::ffff:7f[0-9a-f]{2}:/.test(bare);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined;
  if (typeof host === 'string' && net.isIP(host.replace(/^\[|\]$/g, '')) !== 0 && !isLocal(host)) {
    process.stderr.write(`[loopback-only] refused a connection to ${host}\n`);
    const error = Object.assign(new Error(`[loopback-only] connection to ${host} refused by the test firewall`), { code: 'ETESTFIREWALL' });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};
