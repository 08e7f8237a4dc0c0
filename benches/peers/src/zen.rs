//! GoRules ZEN (zen-engine): the JDM decision graph `bench.jdm.json` (three expression nodes),
//! its expressions compiled once at load. zen-engine is async; a decision is run to completion
//! with `pollster::block_on` (it does no I/O). ZEN numbers are decimals (rust_decimal), so
//! `charged` is compared as a decimal, not as floating point.

use crate::Engine;
use std::sync::Arc;
use zen_engine::model::GraphContent;
use zen_engine::{Decision, Variable};

/// The bench decision as a JDM graph.
pub const GRAPH: &str = include_str!("../bench.jdm.json");

/// The ZEN decision.
pub struct Zen {
    decision: Decision,
}

impl Zen {
    /// Parses `bench.jdm.json` and compiles its expressions.
    pub fn load() -> Result<Self, String> {
        let mut graph: GraphContent = serde_json::from_str(GRAPH).map_err(|e| format!("bench.jdm.json: {e}"))?;
        graph.compile();
        Ok(Zen { decision: Decision::from(Arc::new(graph)) })
    }
}

impl Engine for Zen {
    fn name(&self) -> &'static str {
        "zen-engine (JDM graph)"
    }
    fn decide(&mut self, request: &str) -> Result<String, String> {
        let input: Variable = serde_json::from_str(request).map_err(|e| e.to_string())?;
        let response = pollster::block_on(self.decision.evaluate(input)).map_err(|e| format!("{e}: {e:?}"))?;
        serde_json::to_string(&response.result).map_err(|e| e.to_string())
    }
}
