// Module hooks for load-probe.mjs: appends each resolved module URL to the probe file.
import { appendFileSync } from 'node:fs';

let out = null;
export function initialize(data) {
  out = data.out;
}
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (out) appendFileSync(out, `${resolved.url}\n`);
  return resolved;
}
