// Small measuring tools shared by the benchmark sections: clocks, statistics, a least-squares fit,
// an in-process CPU profile summarised by function and by package, and the machine's description.
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const now = () => performance.now();

export function median(values) {
  return percentile(values, 50);
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const sum = (values) => values.reduce((total, value) => total + value, 0);
export const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** Least squares y = intercept + slope·x, with R². */
export function linearFit(xs, ys) {
  const n = xs.length;
  const mx = sum(xs) / n;
  const my = sum(ys) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** The exponent k of y ∝ x^k (log-log fit): 1 is linear, 2 quadratic. */
export function growthExponent(xs, ys) {
  return linearFit(xs.map(Math.log), ys.map(Math.log)).slope;
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((value) => round(value, 2)),
  };
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where a profiled function lives: a package, a file of ours, or node's internals. */
export function origin(url) {
  if (!url) return '(native/gc)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (packageMatch) return packageMatch[1];
  if (path.startsWith(projectRoot)) return path.slice(projectRoot.length);
  if (path.startsWith('node:')) return 'node:internal';
  return path;
}

/** Runs `task` under the V8 sampling profiler; returns its result and self time by function and by origin. */
export async function profile(task, { top = 15, intervalUs = 200 } = {}) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  let result;
  let cpu;
  try {
    result = await task();
  } finally {
    ({ profile: cpu } = await session.post('Profiler.stop'));
    session.disconnect();
  }
  const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
  const selfMs = new Map();
  const deltas = cpu.timeDeltas;
  for (let i = 0; i < cpu.samples.length; i += 1) {
    const id = cpu.samples[i];
    selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const parent = new Map();
  for (const node of cpu.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (frame) => `${frame.functionName || '(anonymous)'} ${frame.url ? `${origin(frame.url)}:${frame.lineNumber + 1}` : '(native)'}`;
  const functions = new Map();
  const origins = new Map();
  const inclusive = new Map();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id).callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    // The profiler's own start and stop (it lists every compiled function when it starts, about a
    // second with jsdom loaded) run inside the inspector session's dispatch: not the task's time.
    if (!frame.url && frame.functionName === 'dispatch' && parent.has(id) && byId.get(parent.get(id)).callFrame.functionName === 'post') continue;
    let from = frame.url ? origin(frame.url) : frame.functionName === '(garbage collector)' ? '(gc)' : '(native)';
    let name = label(frame);
    // A builtin's time belongs to the JavaScript that called it.
    if (!frame.url && parent.has(id) && from !== '(gc)') {
      const caller = byId.get(parent.get(id)).callFrame;
      name = `${name} in ${label(caller)}`;
      if (caller.url) from = origin(caller.url);
    }
    totalMs += ms;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    origins.set(from, (origins.get(from) ?? 0) + ms);
    // Inclusive time of our own functions (dist/, bench/ excluded) and of the libraries' entry points.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const callFrame = byId.get(at).callFrame;
      const where = callFrame.url ? origin(callFrame.url) : '';
      const entry = where.startsWith('dist/') || (where === '@mozilla/readability' && callFrame.functionName === 'parse') || (where === 'jsdom' && callFrame.functionName === 'JSDOM');
      if (!entry) continue;
      const key = label(callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const ranked = (map, n = top) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms: round(ms, 1) }));
  return { result, hotFunctions: ranked(functions), byOrigin: ranked(origins), inclusive: ranked(inclusive, 25), totalMs: round(totalMs, 1) };
}

/** Parses `--name value` flags; a bare flag is true. */
export function flags(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    if (!argv[i].startsWith('--')) continue;
    const key = argv[i].slice(2);
    const value = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[(i += 1)] : true;
    out[key] = value;
  }
  return out;
}
