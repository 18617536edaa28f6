// Where the page's worker and sample capture come from in the served build (dist/): files next
// to the page, found relative to this module so any path prefix works. The single-file build
// (scripts/build-single.mjs) replaces this module with one that uses inlined copies.

/** A fresh analysis worker. */
export function createWorker() {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

/** The built-in sample capture as a File. */
export async function sampleFile() {
  const response = await fetch(new URL('../sample.pcapng', import.meta.url));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new File([await response.blob()], 'sample.pcapng');
}
