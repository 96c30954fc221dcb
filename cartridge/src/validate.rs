//! Checks a compiled module against the ABI before it is accepted: allowed imports with the
//! right signatures, required exports, and the cartridge's kind.

use serde::{Deserialize, Serialize};
use wasmtime::{ExternType, FuncType, Module};

use crate::abi::{self, HostFn};
use crate::error::ModuleError;

/// Slug prefix of cognitive cartridges (`cognitive-{system}`).
pub const COGNITIVE_PREFIX: &str = "cognitive-";

/// What a cartridge is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Serves HTTP requests through `x402_handle`.
    Backend,
    /// Renders frames (`x402_tick` / `x402_get_framebuffer`); runs in the browser or server side.
    Interactive,
    /// A cognitive system's replacement (`cognitive-{system}`), called by the soul.
    Cognitive,
}

/// How `x402_init` is called, if exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Init {
    /// Not exported.
    None,
    /// `() -> i32`: non-zero aborts the request.
    Status,
    /// `(width, height)`: interactive initialiser.
    Frame,
}

/// The exports the engine found.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Kind of cartridge.
    pub kind: Kind,
    /// `x402_handle` is exported.
    pub handles_requests: bool,
    /// `x402_alloc` is exported.
    pub has_alloc: bool,
    /// Form of `x402_init`.
    pub init: Init,
    /// `x402_get_width` / `x402_get_height` are exported.
    pub has_frame_size: bool,
}

fn render(ty: &FuncType) -> String {
    let list = |v: Vec<String>| {
        if v.is_empty() {
            "()".to_string()
        } else {
            format!("({})", v.join(", "))
        }
    };
    let params = list(ty.params().map(|p| p.to_string()).collect());
    let results: Vec<String> = ty.results().map(|r| r.to_string()).collect();
    let results = match results.len() {
        0 => "()".to_string(),
        1 => results[0].clone(),
        _ => list(results),
    };
    format!("{params} -> {results}")
}

/// Checks imports and exports of `module` deployed as `slug`.
pub(crate) fn inspect(module: &Module, slug: &str) -> Result<Shape, ModuleError> {
    for import in module.imports() {
        let (m, n) = (import.module(), import.name());
        let forbidden = || ModuleError::ForbiddenImport {
            module: m.to_string(),
            name: n.to_string(),
        };
        let func = HostFn::lookup(m, n).ok_or_else(forbidden)?;
        let ExternType::Func(ty) = import.ty() else {
            return Err(forbidden());
        };
        if render(&ty) != func.signature() {
            return Err(ModuleError::ImportSignature {
                module: m.to_string(),
                name: n.to_string(),
                expected: func.signature().to_string(),
            });
        }
    }

    let func = |name: &str| match module.get_export(name) {
        Some(ExternType::Func(ty)) => Some(render(&ty)),
        _ => None,
    };
    let expect = |name: &str, sig: &str| -> Result<bool, ModuleError> {
        match func(name) {
            None if module.get_export(name).is_some() => Err(ModuleError::Exports(format!(
                "export `{name}` must be a function {sig}"
            ))),
            None => Ok(false),
            Some(s) if s == sig => Ok(true),
            Some(s) => Err(ModuleError::Exports(format!(
                "export `{name}` has signature {s}, expected {sig}"
            ))),
        }
    };

    match module.get_export(abi::EXPORT_MEMORY) {
        Some(ExternType::Memory(m)) if !m.is_64() => {}
        Some(_) => {
            return Err(ModuleError::Exports(
                "export `memory` must be a 32-bit linear memory".into(),
            ));
        }
        None => {
            return Err(ModuleError::Exports(
                "missing export `memory` (the guest's linear memory)".into(),
            ));
        }
    }
    let handles_requests = expect(abi::EXPORT_HANDLE, "(i32, i32) -> ()")?;
    let has_alloc = expect(abi::EXPORT_ALLOC, "(i32) -> i32")?;
    let init = match func(abi::EXPORT_INIT).as_deref() {
        None => Init::None,
        Some("() -> i32") => Init::Status,
        Some("(i32, i32) -> ()") => Init::Frame,
        Some(s) => {
            return Err(ModuleError::Exports(format!(
                "export `x402_init` has signature {s}, expected () -> i32 or (i32, i32) -> ()"
            )));
        }
    };
    let ticks = expect(abi::EXPORT_TICK, "() -> ()")?;
    let framebuffer = expect(abi::EXPORT_FRAMEBUFFER, "() -> i32")?;
    let has_frame_size =
        expect(abi::EXPORT_WIDTH, "() -> i32")? && expect(abi::EXPORT_HEIGHT, "() -> i32")?;

    let kind = if slug.starts_with(COGNITIVE_PREFIX) {
        Kind::Cognitive
    } else if ticks && framebuffer {
        Kind::Interactive
    } else {
        Kind::Backend
    };
    if kind != Kind::Interactive && !handles_requests {
        return Err(ModuleError::Exports(
            "missing export `x402_handle(req_ptr: i32, req_len: i32)` (or `x402_tick` and \
             `x402_get_framebuffer` for an interactive cartridge)"
                .into(),
        ));
    }
    Ok(Shape {
        kind,
        handles_requests,
        has_alloc,
        init,
        has_frame_size,
    })
}
