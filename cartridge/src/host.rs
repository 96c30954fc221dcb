//! Per-execution host state and the ABI's host functions.

use std::sync::Arc;
use std::time::Instant;

use wasmtime::{Caller, Linker, ResourceLimiter};

use crate::abi::{self, CartridgeResponse, HostFn};
use crate::config::Limits;
use crate::engine::Program;
use crate::guest;
use crate::kv::KvOverlay;

/// Finds the current program of a slug for nested `call`s.
pub trait Resolver: Send + Sync {
    /// The program serving `slug` now, if any.
    fn resolve(&self, slug: &str) -> Option<Program>;
}

/// Refuses memory growth beyond the limit and remembers that it did.
#[derive(Debug)]
pub(crate) struct MemoryLimiter {
    /// Maximum bytes per linear memory.
    pub max_bytes: usize,
    /// Set when a growth was refused.
    pub hit: bool,
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = desired <= self.max_bytes;
        if !allowed {
            self.hit = true;
        }
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 100_000)
    }

    fn instances(&self) -> usize {
        1
    }

    fn tables(&self) -> usize {
        1
    }

    fn memories(&self) -> usize {
        1
    }
}

/// Everything one execution (one Store) owns. Dropped with the Store at the end of the request.
pub(crate) struct HostState {
    /// Memory limiter of this store.
    pub limiter: MemoryLimiter,
    /// Slug being executed (for logs).
    pub slug: Arc<str>,
    /// KV view of this execution.
    pub kv: KvOverlay,
    /// What `response()` set last.
    pub response: Option<CartridgeResponse>,
    /// JSON of the payment (`null` when unpaid), returned by `payment_info()`.
    pub payment_json: Arc<[u8]>,
    /// Nesting depth: 0 for a top-level request.
    pub depth: u32,
    /// Wall-clock deadline, checked on every epoch tick.
    pub deadline: Instant,
    /// Set when the deadline interrupted the guest.
    pub timed_out: bool,
    /// Log lines emitted so far.
    pub log_lines: u32,
    /// Limits of the engine.
    pub limits: Arc<Limits>,
    /// Slug lookup for nested calls.
    pub resolver: Arc<dyn Resolver>,
}

/// Defines every ABI import (both module names) in `linker`.
pub(crate) fn define_imports(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    for (module, name, func) in abi::IMPORTS {
        define(linker, module, name, *func)?;
    }
    Ok(())
}

fn define(
    linker: &mut Linker<HostState>,
    module: &str,
    name: &str,
    func: HostFn,
) -> wasmtime::Result<()> {
    match func {
        HostFn::Log => linker.func_wrap(module, name, log)?,
        HostFn::KvGet => linker.func_wrap(module, name, kv_get)?,
        HostFn::KvSet => linker.func_wrap(module, name, kv_set)?,
        HostFn::PaymentInfo => linker.func_wrap(module, name, payment_info)?,
        HostFn::Response => linker.func_wrap(module, name, response)?,
        HostFn::Call => linker.func_wrap(module, name, call)?,
        HostFn::Malloc => linker.func_wrap(module, name, malloc)?,
        HostFn::Free => linker.func_wrap(module, name, |_: i32| {})?,
    };
    Ok(())
}

/// Copies `bytes` into the guest and returns them packed.
fn give(caller: &mut Caller<'_, HostState>, bytes: &[u8]) -> wasmtime::Result<i64> {
    let memory = guest::memory(caller)?;
    let alloc = guest::alloc_fn(caller);
    let ptr = guest::write(&mut *caller, memory, alloc, bytes)?;
    Ok(abi::pack(ptr, bytes.len() as u32))
}

fn log(mut caller: Caller<'_, HostState>, level: i32, ptr: i32, len: i32) -> wasmtime::Result<()> {
    let state = caller.data();
    if state.log_lines >= state.limits.max_log_lines {
        return Ok(());
    }
    let max = state.limits.max_log_bytes;
    let memory = guest::memory(&mut caller)?;
    let len = (len as u32).min(max as u32) as i32;
    let bytes = guest::read(&caller, memory, ptr, len, max, "log message")?;
    let state = caller.data_mut();
    state.log_lines += 1;
    let text = String::from_utf8_lossy(&bytes);
    let slug = &*state.slug;
    match level {
        i32::MIN..=0 => tracing::debug!(cartridge = slug, "{text}"),
        1 => tracing::info!(cartridge = slug, "{text}"),
        2 => tracing::warn!(cartridge = slug, "{text}"),
        _ => tracing::error!(cartridge = slug, "{text}"),
    }
    Ok(())
}

fn kv_get(mut caller: Caller<'_, HostState>, kptr: i32, klen: i32) -> wasmtime::Result<i64> {
    let max_key = caller.data().limits.max_kv_key_bytes;
    let memory = guest::memory(&mut caller)?;
    let key = guest::read(&caller, memory, kptr, klen, max_key, "kv key")?;
    match caller.data().kv.get(&key) {
        Ok(Some(value)) => give(&mut caller, &value),
        Ok(None) => Ok(0),
        Err(e) => {
            tracing::warn!(cartridge = &*caller.data().slug, error = %e, "kv_get failed");
            Ok(0)
        }
    }
}

fn kv_set(
    mut caller: Caller<'_, HostState>,
    kptr: i32,
    klen: i32,
    vptr: i32,
    vlen: i32,
) -> wasmtime::Result<i32> {
    let limits = caller.data().limits.clone();
    // Oversized (but well-formed) writes are refused with −1; wild pointers trap below.
    if klen as u32 as usize > limits.max_kv_key_bytes
        || vlen as u32 as usize > limits.max_kv_value_bytes
    {
        return Ok(-1);
    }
    let memory = guest::memory(&mut caller)?;
    let key = guest::read(&caller, memory, kptr, klen, usize::MAX, "kv key")?;
    let value = guest::read(&caller, memory, vptr, vlen, usize::MAX, "kv value")?;
    match caller.data_mut().kv.set(&key, &value) {
        Ok(()) => Ok(0),
        Err(e) => {
            tracing::debug!(cartridge = &*caller.data().slug, error = %e, "kv_set refused");
            Ok(e.code())
        }
    }
}

fn payment_info(mut caller: Caller<'_, HostState>) -> wasmtime::Result<i64> {
    let json = caller.data().payment_json.clone();
    give(&mut caller, &json)
}

fn response(
    mut caller: Caller<'_, HostState>,
    status: i32,
    body_ptr: i32,
    body_len: i32,
    ct_ptr: i32,
    ct_len: i32,
) -> wasmtime::Result<()> {
    let max_body = caller.data().limits.max_response_bytes;
    let memory = guest::memory(&mut caller)?;
    let body = guest::read(
        &caller,
        memory,
        body_ptr,
        body_len,
        max_body,
        "response body",
    )?;
    let content_type = if ct_len == 0 {
        abi::DEFAULT_CONTENT_TYPE.to_string()
    } else {
        let ct = guest::read(&caller, memory, ct_ptr, ct_len, 256, "content type")?;
        String::from_utf8_lossy(&ct).into_owned()
    };
    let status = u16::try_from(status).unwrap_or(0);
    caller.data_mut().response = Some(CartridgeResponse {
        status,
        body,
        content_type,
    });
    Ok(())
}

fn malloc(mut caller: Caller<'_, HostState>, size: i32) -> wasmtime::Result<i32> {
    let memory = guest::memory(&mut caller)?;
    let ptr = guest::grow_for(&mut caller, memory, size as u32 as usize)?;
    Ok(ptr as i32)
}

fn call(
    mut caller: Caller<'_, HostState>,
    slug_ptr: i32,
    slug_len: i32,
    req_ptr: i32,
    req_len: i32,
) -> wasmtime::Result<i64> {
    if slug_len as u32 > 64 {
        return Ok(0); // no slug is that long
    }
    let memory = guest::memory(&mut caller)?;
    let slug = guest::read(&caller, memory, slug_ptr, slug_len, 64, "call slug")?;
    let max_request = caller.data().limits.max_response_bytes;
    let request = guest::read(
        &caller,
        memory,
        req_ptr,
        req_len,
        max_request,
        "call request",
    )?;
    let slug = String::from_utf8_lossy(&slug).into_owned();
    let state = caller.data();
    if state.depth >= state.limits.max_call_depth {
        tracing::debug!(cartridge = &*state.slug, callee = %slug, depth = state.depth, "call depth limit reached");
        return Ok(0);
    }
    let Some(program) = state.resolver.resolve(&slug) else {
        return Ok(0);
    };
    let started = Instant::now();
    let deadline = (started + state.limits.call_timeout).min(state.deadline);
    let child = crate::exec::child_state(state, &slug, deadline);
    match crate::exec::run_handle(&program, &request, child) {
        Ok((response, _discarded_kv)) => {
            let result = abi::CallResult {
                status: response.status,
                body: String::from_utf8_lossy(&response.body).into_owned(),
                content_type: response.content_type,
                duration_ms: started.elapsed().as_millis() as u64,
            };
            let json = serde_json::to_vec(&result)?;
            give(&mut caller, &json)
        }
        Err(e) => {
            tracing::debug!(cartridge = &*caller.data().slug, callee = %slug, error = %e, "nested call failed");
            Ok(0)
        }
    }
}
