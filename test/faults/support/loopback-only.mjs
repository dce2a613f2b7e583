// Loaded with `node --import` into every forcewatch child the fault suite starts: host names
// other than localhost are never resolved (the resolver is not on 127.0.0.1, and the suite talks
// to nothing else), so an article link to news.example.org fails fast as ENOTFOUND instead of
// sending a DNS query. Each refused name is noted on stderr as "[no-dns] <name>".
import dns from 'node:dns';

const resolve = dns.lookup;

dns.lookup = function lookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (hostname === 'localhost') return resolve.call(dns, hostname, options, callback);
  globalThis.process.stderr.write(`[no-dns] ${hostname}\n`);
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
  globalThis.process.nextTick(() => done(error));
};
