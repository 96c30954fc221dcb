// Runs an interactive cartridge (framebuffer ABI, docs/cartridges.md) in a worker, so a
// cartridge that loops forever stalls only this worker (the page terminates it), never the page.
"use strict";

let inst = null;
let width = 320;
let height = 240;

/** Host functions: the page has no KV, payments or calls; a cartridge sees them refused. */
function stub(name, kind) {
  if (kind !== "function") return undefined;
  if (name.endsWith("kv_get")) return () => -1n;
  if (name.endsWith("log") || name === "free") return () => {};
  if (name === "malloc") return () => 0;
  return () => -1;
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  try {
    if (msg.type === "load") {
      const resp = await fetch(msg.url, { cache: "no-store" });
      if (!resp.ok) throw new Error(`module: HTTP ${resp.status}`);
      const module = await WebAssembly.compile(await resp.arrayBuffer());
      const imports = {};
      for (const imp of WebAssembly.Module.imports(module)) {
        (imports[imp.module] ||= {})[imp.name] = stub(imp.name, imp.kind);
      }
      inst = await WebAssembly.instantiate(module, imports);
      const x = inst.exports;
      if (typeof x.x402_tick !== "function" || typeof x.x402_get_framebuffer !== "function") throw new Error("not an interactive cartridge");
      width = x.x402_get_width ? x.x402_get_width() : 320;
      height = x.x402_get_height ? x.x402_get_height() : 240;
      if (!(width > 0 && height > 0 && width * height <= 4096 * 4096)) throw new Error(`bad size ${width}×${height}`);
      if (x.x402_init) x.x402_init(width, height);
      self.postMessage({ type: "ready", width, height });
    } else if (msg.type === "tick" && inst) {
      const x = inst.exports;
      x.x402_tick();
      const ptr = x.x402_get_framebuffer() >>> 0;
      const mem = new Uint8Array(x.memory.buffer);
      const len = width * height * 4;
      if (ptr + len > mem.length) throw new Error("framebuffer outside memory");
      const px = mem.slice(ptr, ptr + len);
      self.postMessage({ type: "frame", width, height, px }, [px.buffer]);
    }
  } catch (e) {
    self.postMessage({ type: "error", message: String(e.message || e) });
  }
};
