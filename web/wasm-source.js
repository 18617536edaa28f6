// Where the worker gets the wasm engine in the served build: the file next to the glue, found
// relative to this module so any path prefix works. The single-file build
// (scripts/build-single.mjs) replaces this module with the inlined bytes.
export function wasmSource() {
  return new URL('../pkg/ctiscope_bg.wasm', import.meta.url);
}
