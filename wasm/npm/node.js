// carules for node (ESM): the same API as ./index.js, with the engine instantiated from
// carules_wasm_bg.wasm on disk when this module is first imported, so every function can be
// called at once (`await init()` is accepted and does nothing more).
import { readFileSync } from "node:fs";
import { initSync } from "./index.js";

initSync({ module: readFileSync(new URL("./carules_wasm_bg.wasm", import.meta.url)) });

export * from "./index.js";
export { default } from "./index.js";
