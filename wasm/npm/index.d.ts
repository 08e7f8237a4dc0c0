// Declarations of the carules package. The request and answer shapes (Request, Response and
// their parts) are generated from the engine's JSON Schemas into ./types.js; this file
// declares the functions, names drawn from the generated types (the documents answer is the
// documents part of a service answer; the branches of each part), and the few shapes that
// have no schema (regions, vocabulary, the error object).

import type { Branches, Need, Request, Response, ServiceResponse } from "./types.js";
import type { InitInput, InitOutput, SyncInitInput } from "./carules_wasm.js";

export type * from "./types.js";
export type { InitInput, InitOutput, SyncInitInput };

/** Any answer to `decide`: a service, acceptance or evaluation answer (docs/api.md). */
export type Answer = Response;

/** The error object: bad input never throws, it is answered with this. */
export interface ApiError {
  error: {
    /** `request.invalid` for a bad request; `rules.invalid` for a rule set that does not check. */
    code: "request.invalid" | "rules.invalid";
    /** What is wrong, naming the value (English, with field names and ids: for developers). */
    message: string;
    /** The same in zh-CN for a person: the field named by its label, no ids or field names. */
    message_zh: string;
    /** JSON pointer to the offending value ("" for the whole request). */
    path: string;
  };
}

/** The clerk's documents query: a service request whose `as_of` may be left out. */
export type DocumentsQuery = Omit<Request, "as_of"> & { as_of?: Request["as_of"] };

/** The documents part of a service answer, with what it depends on (`needs` and `branches`
 * only when the query leaves the documents undetermined). */
export type DocumentsAnswer = Pick<ServiceResponse, "region" | "asked_region" | "service" | "documents" | "documents_info" | "findings"> & {
  /** The facts the documents depend on that the query lacks. */
  needs?: Need[];
  /** The documents for each value of those facts. */
  branches?: Pick<Branches, "documents">;
};

/** One labelled case of an undetermined fee (`branches.fee`). */
export type FeeBranch = NonNullable<Branches["fee"]>[number];
/** One labelled case of an undetermined documents list (`branches.documents`). */
export type DocumentsBranch = NonNullable<Branches["documents"]>[number];
/** One labelled case of an undetermined deadline (`branches.deadline`). */
export type DeadlineBranch = NonNullable<Branches["deadline"]>[number];
/** One labelled case of undetermined certificate media (`branches.certificate`). */
export type CertificateBranch = NonNullable<Branches["certificate"]>[number];
/** One labelled case of undetermined office hours (`branches.office_hours`). */
export type OfficeHoursBranch = NonNullable<Branches["office_hours"]>[number];
/** One labelled case of an undetermined acceptance (`branches.accepted`). */
export type AcceptedBranch = NonNullable<Branches["accepted"]>[number];

/** A region of the shipped rules. */
export interface Region {
  /** GB/T 2260 code, e.g. "630000". */
  code: string;
  /** zh-CN name, e.g. "青海省". */
  name: string;
  /** Other names a request may use for `region`. */
  aliases: string[];
  /** The code of the region above it, if it has rules. */
  parent: string | null;
  /** Ids of the services its rules speak about. */
  services: string[];
}

/** One member of a closed set with its zh-CN label. */
export interface Label {
  id: string;
  label: string;
}

/** zh-CN labels of every closed set (`service`, `kind`, `role`, `finding_code`, `answer.*`, …). */
export type Vocabulary = Record<string, Label[]>;

/** A fact a request for a region may give (`facts(region)`): what a form needs to ask it. */
export interface FactInfo {
  /** Dotted path (`refund.service`): the request is nested JSON, `{"refund": {"service": …}}`. */
  fact: string;
  /** JSON pointer in the request (`/refund/service`). */
  path: string;
  /** zh-CN label. */
  label: string;
  /** As in `needs`. */
  type: Need["type"];
  /** For enum and set facts: the enum's name (its labels are `vocabulary()[enum]`). */
  enum?: string;
  /** For bool, enum and set facts: the values it can take in the region, with zh-CN labels. */
  choices?: { id: string | boolean; label: string }[];
  /** For numbers: the smallest value a request may give. */
  min?: number;
  /** The value taken when the request leaves the fact out, as a request gives it (absent: none). */
  default?: boolean | number | string | string[];
  /** The default in zh-CN. */
  default_zh?: string;
  /** The code of the region whose rules declare it; null for the facts every region shares. */
  region: string | null;
}

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = { [key: string]: unknown };

/**
 * Loads and instantiates the engine. In a browser: fetches `carules_wasm_bg.wasm` next to
 * the module (or what `module_or_path` names). Under node the entry does this on import;
 * calling it again is harmless.
 */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<InitOutput>;
/** Instantiates the engine synchronously from the .wasm bytes or a compiled module. */
export function initSync(options: { module: SyncInitInput }): InitOutput;
/** True once the engine is instantiated (always under node). */
export function isReady(): boolean;

/** Answers a decision request; bad input gives the error object, never an exception. */
export function decide(request: Request): Answer | ApiError;
/** The clerk's documents query. */
export function documents(query: DocumentsQuery): DocumentsAnswer | ApiError;
/** The 一次性告知单 for a service request (zh-CN only): the page `carules notice` prints. */
export interface Notice {
  /** A complete HTML page, printable on A4 (`@page`), styles included: what `carules notice
   * --format html` prints for the same request. */
  html: string;
}
/** The 一次性告知单 for a service request, or the error object. */
export function notice(request: Request): Notice | ApiError;
/** The regions of the shipped rules. */
export function regions(): Region[];
/** zh-CN labels for forms. */
export function vocabulary(): Vocabulary;
/** The facts a request for the region (code, name or alias) may give, or the error object. */
export function facts(region: string): FactInfo[] | ApiError;
/** The JSON Schema of requests or answers. */
export function schema(which: "request" | "response"): JsonSchema | ApiError;
/** The carules version (equal to the package version). */
export function version(): string;

/** `decide` on JSON text: the answer or the error object, as JSON text. */
export function decideJson(request: string): string;
/** `documents` on JSON text. */
export function documentsJson(query: string): string;
/** `notice` on JSON text: `{html}` or the error object as JSON text. */
export function noticeJson(request: string): string;
/** `regions()` as JSON text. */
export function regionsJson(): string;
/** `vocabulary()` as JSON text. */
export function vocabularyJson(): string;
/** `facts(region)` as JSON text. */
export function factsJson(region: string): string;
/** `schema(which)` as JSON text. */
export function schemaJson(which: string): string;

/** True when `answer` is the error object. */
export function isError(answer: unknown): answer is ApiError;
