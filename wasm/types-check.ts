// Type-checks the generated bindings (pkg/ for the web, pkg-node/ for Node): every export is
// called with the types the portal and the parity script use. Checked by `npx tsc --noEmit`;
// never run.
import init, { decide, documents, regions, schema, version, vocabulary, initSync } from "./pkg/carules_wasm.js";
import * as node from "./pkg-node/carules_wasm.js";

type Api = {
  decide(request: string): string;
  documents(query: string): string;
  regions(): string;
  vocabulary(): string;
  schema(which: string): string;
  version(): string;
};

const request: string = JSON.stringify({
  region: "630000",
  as_of: "2026-11-21T10:00:00+08:00",
  service: "renewal",
  applicant: { kind: "organization", roles: ["bidder"], registered: true },
  channel: "onsite",
  certificate: { issuer: "BJCA", expires_on: "2026-12-10", key: "main" },
  bidding: { encrypted_bid_uploaded: true, closed: false },
});

function exercise(api: Api): string[] {
  const out: string[] = [
    api.decide(request),
    api.documents(JSON.stringify({ region: "630000", service: "new", applicant: { kind: "individual" } })),
    api.regions(),
    api.vocabulary(),
    api.schema("request"),
    api.schema("response"),
    api.version(),
  ];
  return out;
}

export async function web(): Promise<string[]> {
  const loaded: { memory: WebAssembly.Memory } = await init({ module_or_path: new URL("./pkg/carules_wasm_bg.wasm", import.meta.url) });
  void loaded.memory;
  return exercise({ decide, documents, regions, vocabulary, schema, version });
}

export function webSync(bytes: BufferSource): string {
  initSync({ module: bytes });
  return version();
}

export function nodeApi(): string[] {
  return exercise(node);
}

// Wrong types must be rejected by the generated declarations.
// @ts-expect-error decide takes a string, not a number
decide(42);
// @ts-expect-error regions takes no argument
regions("630000");
// @ts-expect-error the result is a string, not a parsed object
const notParsed: { allowed: boolean } = decide(request);
void notParsed;
