//! Rego on regorus: `bench.rego`, rule `data.bench.decision`, evaluated by regorus's tree-walking
//! interpreter and by its register VM (RVM: the policy compiled to bytecode).

use crate::Engine;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::Program;
use regorus::rvm::vm::RegoVM;
use regorus::{Rc, Value};
use std::sync::Arc;

/// The bench decision in Rego.
pub const POLICY: &str = include_str!("../bench.rego");
const RULE: &str = "data.bench.decision";

enum Mode {
    Interpreter(Box<regorus::Engine>),
    Vm(Box<RegoVM>),
}

/// regorus, in one of its two modes.
pub struct Regorus {
    mode: Mode,
}

fn engine() -> Result<regorus::Engine, String> {
    let mut e = regorus::Engine::new();
    e.add_policy("bench.rego".into(), POLICY.into()).map_err(|e| format!("bench.rego: {e}"))?;
    Ok(e)
}

impl Regorus {
    /// The interpreter: the engine is kept and only the input changes per decision.
    pub fn interpreter() -> Result<Self, String> {
        Ok(Regorus { mode: Mode::Interpreter(Box::new(engine()?)) })
    }

    /// The RVM: the policy compiled to a bytecode program once, one VM reused.
    pub fn vm() -> Result<Self, String> {
        let mut e = engine()?;
        let entry: Rc<str> = RULE.into();
        let compiled = e.compile_with_entrypoint(&entry).map_err(|e| format!("bench.rego: {e}"))?;
        let program: Arc<Program> = Compiler::compile_from_policy(&compiled, &[RULE]).map_err(|e| format!("bench.rego to RVM: {e}"))?;
        let mut vm = RegoVM::new();
        vm.load_program(program);
        Ok(Regorus { mode: Mode::Vm(Box::new(vm)) })
    }
}

impl Engine for Regorus {
    fn name(&self) -> &'static str {
        match self.mode {
            Mode::Interpreter(_) => "regorus (Rego, interpreter)",
            Mode::Vm(_) => "regorus (Rego, RVM bytecode)",
        }
    }
    fn decide(&mut self, request: &str) -> Result<String, String> {
        let input = Value::from_json_str(request).map_err(|e| e.to_string())?;
        let out = match &mut self.mode {
            Mode::Interpreter(e) => {
                e.set_input(input);
                e.eval_rule(RULE.into()).map_err(|e| e.to_string())?
            }
            Mode::Vm(vm) => {
                vm.set_input(input);
                vm.execute().map_err(|e| e.to_string())?
            }
        };
        if out == Value::Undefined {
            return Err("data.bench.decision is undefined".into());
        }
        out.to_json_str().map_err(|e| e.to_string())
    }
}
