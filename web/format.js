// Formatting of numbers, sizes and times for display.

/** 1536 -> "1.5 KiB" */
export function bytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Epoch seconds -> "2026-12-01 13:33:20.123456 UTC" */
export function time(secs) {
  if (secs === null || secs === undefined) return '—';
  const d = new Date(Math.floor(secs * 1000));
  const micros = Math.round((secs - Math.floor(secs)) * 1e6).toString().padStart(6, '0');
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}.${micros} UTC`;
}

/** Seconds -> "12.345 s" */
export function duration(secs) {
  return `${secs.toFixed(3)} s`;
}
