//! What an answer took for granted (`assumed`) and the verdict of a question the rules do
//! not regulate (`not_regulated`).

use super::{Part, SourceOut, Str};
use crate::answer::json::Json;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;

/// A default the answer used: a fact the request left out, taken to have its default value
/// because the rule files declare one (`default … source doc "article"`), and without which
/// part of the answer would wait on the fact. A caller that knows better answers the fact.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Assumed<'a> {
    /// The fact's dotted path (`years`).
    pub fact: Str<'a>,
    /// Its JSON pointer in the request (`/years`).
    pub path: Str<'a>,
    /// Its zh-CN label (服务年限).
    pub label: Str<'a>,
    /// The value assumed, as a request writes it (`1`, `false`, `"renewal"`); null for an
    /// optional fact assumed absent (`default none`).
    pub value: serde_json::Value,
    /// The value in zh-CN (1, 否, 未说明 for absent).
    pub value_zh: Str<'a>,
    /// The sentence a clerk reads: 假设：服务年限为1.
    pub sentence: Str<'a>,
    /// The parts of the answer the assumption decides (those that would otherwise wait on
    /// the fact): `allowed`, `fee`, `documents`, ….
    pub affects: Vec<Part>,
    /// The text that justifies the default; null for a default that only advice reads (the
    /// checker requires a citation otherwise, E0203).
    pub source: Option<SourceOut<'a>>,
}

/// Why no rule answers the question asked.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotRegulatedReason {
    /// No rule of the region or its ancestors covers the service asked about.
    Service,
    /// None of the region's documents is in force at `as_of`.
    NotInForce,
}

/// The verdict on a question the region's rules do not regulate: `allowed` is null, and
/// this says why — distinct from an undetermined answer that waits on a fact (`needs`).
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct NotRegulated<'a> {
    /// `service` | `not_in_force`.
    pub reason: NotRegulatedReason,
    /// zh-CN: 本地规定未涉及该业务，请向窗口咨询.
    pub message: Str<'a>,
}
