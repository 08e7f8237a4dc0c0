// Type-checks the npm package's declarations (pkg/index.d.ts and the types generated from
// the JSON Schemas, pkg/types.d.ts): every export is called with the types a portal uses, and
// wrong calls must be rejected. Checked by `npx tsc --noEmit`; never run.
import init, {
  decide, decideJson, documents, documentsJson, facts, factsJson, initSync, isError, isReady, notice, noticeJson, regions, regionsJson, schema, schemaJson,
  version, vocabulary, vocabularyJson,
} from "./pkg/index.js";
import type { Answer, ApiError, DocumentsAnswer, FactInfo, Notice, DocumentsBranch, FeeBranch, Region, Request, ServiceResponse, Vocabulary } from "./pkg/index.js";

const request: Request = {
  region: "630000",
  as_of: "2026-11-21T10:00:00+08:00",
  service: "renewal",
  applicant: { kind: "organization", roles: ["bidder"], registered: true },
  channel: "onsite",
  certificate: { issuer: "BJCA", expires_on: "2026-12-10", key: "main" },
  bidding: { encrypted_bid_uploaded: true, closed: false },
};

export async function typed(): Promise<string[]> {
  await init({ module_or_path: new URL("./pkg/carules_wasm_bg.wasm", import.meta.url) });
  const ready: boolean = isReady();
  const answer: Answer | ApiError = decide(request);
  const out: string[] = [String(ready)];
  if (isError(answer)) out.push(answer.error.code, answer.error.message, answer.error.path);
  else if (answer.question === "service") out.push(String(answer.allowed), answer.fee.status);
  else if (answer.question === "acceptance") out.push(String(answer.accepted));
  else out.push(answer.question);
  const docs: DocumentsAnswer | ApiError = documents({ region: "630000", service: "new", applicant: { kind: "individual" } });
  if (!isError(docs)) out.push(...(docs.documents ?? []).map((d) => d.name), docs.documents_info.status);
  const n: Notice | ApiError = notice(request);
  if (!isError(n)) out.push(n.html.slice(0, 15));
  const rs: Region[] = regions();
  const vocab: Vocabulary = vocabulary();
  out.push(...rs.map((r) => `${r.code} ${r.name} ${r.parent ?? ""}`), ...(vocab["service"] ?? []).map((l) => l.label));
  const fs: FactInfo[] | ApiError = facts("220000");
  if (!isError(fs)) out.push(...fs.map((f) => `${f.fact} ${f.label} ${f.type} ${(f.choices ?? []).map((c) => c.label).join()} ${f.region ?? ""}`));
  const s = schema("request");
  if (!isError(s)) out.push(String(s["title"]));
  out.push(version());
  return out;
}

export function text(): string[] {
  return [
    decideJson(JSON.stringify(request)),
    documentsJson(JSON.stringify({ region: "630000", service: "new", applicant: { kind: "individual" } })),
    noticeJson(JSON.stringify(request)),
    regionsJson(),
    vocabularyJson(),
    schemaJson("response"),
    factsJson("220000"),
  ];
}

export function sync(bytes: BufferSource): string {
  initSync({ module: bytes });
  return version();
}

// Wrong types must be rejected by the declarations.
// @ts-expect-error decide takes a request object, not JSON text
decide(JSON.stringify(request));
// @ts-expect-error an applicant kind the rules do not declare
decide({ ...request, applicant: { kind: "alien" } });
// @ts-expect-error a field the request does not have
decide({ ...request, unknown_field: true });
// @ts-expect-error money is a string with two decimals, never a number
decide({ ...request, charged: 300 });
// @ts-expect-error decideJson takes JSON text
decideJson(request);
// @ts-expect-error regions takes no argument
regions("630000");
// @ts-expect-error schema knows request and response only
schema("documents");
// @ts-expect-error the answer may be the error object: narrow it first
const notNarrowed: ServiceResponse = decide(request);
void notNarrowed;
const answer = decide(request);
if (!isError(answer)) {
  // @ts-expect-error an answer is not a service answer until `question` says so
  void answer.fee;
  // @ts-expect-error the three questions only
  if (answer.question === "documents") void answer;
}

// The branch names drawn from the generated `Branches` carry their part.
export function branches(fee: FeeBranch, docs: DocumentsBranch): string {
  return `${fee.condition} ${fee.fee?.status} ${docs.documents_info?.status} ${(docs.documents ?? []).length}`;
}
