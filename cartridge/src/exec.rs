//! Running one request (or one frame) in a fresh Store: limits installed, deadline armed,
//! exports looked up on the new instance, failures classified.

use std::sync::Arc;
use std::time::Instant;

use wasmtime::{Store, Trap, UpdateDeadline};

use crate::abi::{self, CartridgeResponse, PaymentInfo};
use crate::config::Limits;
use crate::engine::Program;
use crate::error::ExecError;
use crate::guest;
use crate::host::{HostState, MemoryLimiter, Resolver};
use crate::kv::{KvLimits, KvOverlay};
use crate::validate::Init;

/// Longest trap message kept.
const MAX_TRAP_MESSAGE: usize = 2048;
/// Largest framebuffer side.
const MAX_FRAME_SIDE: u32 = 4096;

/// KV limits derived from the engine limits.
pub(crate) fn kv_limits(limits: &Limits) -> KvLimits {
    KvLimits {
        max_key: limits.max_kv_key_bytes,
        max_value: limits.max_kv_value_bytes,
        max_written: limits.max_kv_write_bytes,
        max_total_bytes: limits.max_kv_total_bytes,
        max_keys: limits.max_kv_keys,
    }
}

/// Host state of a top-level execution.
pub(crate) fn top_state(
    program: &Program,
    slug: &str,
    kv: KvOverlay,
    payment: Option<&PaymentInfo>,
    resolver: Arc<dyn Resolver>,
) -> HostState {
    let limits = program.engine().limits().clone();
    let payment_json = serde_json::to_vec(&payment).expect("payment serializes");
    HostState {
        limiter: MemoryLimiter {
            max_bytes: limits.memory_bytes,
            hit: false,
        },
        slug: slug.into(),
        kv,
        response: None,
        payment_json: payment_json.into(),
        depth: 0,
        deadline: Instant::now() + limits.timeout,
        timed_out: false,
        log_lines: 0,
        limits,
        resolver,
    }
}

/// Host state of a nested call from `parent`: one level deeper, isolated empty KV (discarded),
/// no payment.
pub(crate) fn child_state(parent: &HostState, slug: &str, deadline: Instant) -> HostState {
    HostState {
        limiter: MemoryLimiter {
            max_bytes: parent.limits.memory_bytes,
            hit: false,
        },
        slug: slug.into(),
        kv: KvOverlay::new(None, kv_limits(&parent.limits)),
        response: None,
        payment_json: b"null".as_slice().into(),
        depth: parent.depth + 1,
        deadline,
        timed_out: false,
        log_lines: 0,
        limits: parent.limits.clone(),
        resolver: parent.resolver.clone(),
    }
}

/// A Store with the memory limiter and the wall-clock deadline armed.
pub(crate) fn new_store(program: &Program, state: HostState) -> Store<HostState> {
    let mut store = Store::new(program.engine().wasmtime(), state);
    store.limiter(|s| &mut s.limiter);
    // Checked on every epoch tick: interrupt once the deadline has passed.
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(|mut ctx| {
        if Instant::now() >= ctx.data().deadline {
            ctx.data_mut().timed_out = true;
            Ok(UpdateDeadline::Interrupt)
        } else {
            Ok(UpdateDeadline::Continue(1))
        }
    });
    store
}

/// Names the cause of a failed execution.
pub(crate) fn classify(state: &HostState, error: wasmtime::Error) -> ExecError {
    if state.timed_out || error.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
        let budget = if state.depth == 0 {
            state.limits.timeout
        } else {
            state.limits.call_timeout
        };
        return ExecError::Timeout(budget);
    }
    if state.limiter.hit {
        return ExecError::MemoryLimit(state.limiter.max_bytes);
    }
    let mut message = format!("{error:#}");
    if message.len() > MAX_TRAP_MESSAGE {
        let mut cut = MAX_TRAP_MESSAGE;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
        message.push('…');
    }
    ExecError::Trap(message)
}

/// Runs `x402_handle` on `request` (JSON bytes). Returns the response and the KV overlay with
/// the execution's writes (to commit only on success).
pub(crate) fn run_handle(
    program: &Program,
    request: &[u8],
    state: HostState,
) -> Result<(CartridgeResponse, KvOverlay), ExecError> {
    if !program.shape().handles_requests {
        return Err(ExecError::Unsupported(
            "this cartridge is interactive: it has no x402_handle; use /wasm or /frame".into(),
        ));
    }
    let mut store = new_store(program, state);
    let run = |store: &mut Store<HostState>| -> Result<(), ExecError> {
        let fail = |store: &Store<HostState>, e| classify(store.data(), e);
        let instance = program
            .pre()
            .instantiate(&mut *store)
            .map_err(|e| fail(store, e))?;
        let memory = instance
            .get_memory(&mut *store, abi::EXPORT_MEMORY)
            .ok_or_else(|| ExecError::Host("memory export vanished"))?;
        if program.shape().init == Init::Status {
            let init = instance
                .get_typed_func::<(), i32>(&mut *store, abi::EXPORT_INIT)
                .map_err(|e| fail(store, e))?;
            let code = init.call(&mut *store, ()).map_err(|e| fail(store, e))?;
            if code != 0 {
                return Err(ExecError::Init(code));
            }
        }
        let alloc = if program.shape().has_alloc {
            Some(
                instance
                    .get_typed_func::<i32, i32>(&mut *store, abi::EXPORT_ALLOC)
                    .map_err(|e| fail(store, e))?,
            )
        } else {
            None
        };
        let ptr = guest::write(&mut *store, memory, alloc, request).map_err(|e| fail(store, e))?;
        let handle = instance
            .get_typed_func::<(i32, i32), ()>(&mut *store, abi::EXPORT_HANDLE)
            .map_err(|e| fail(store, e))?;
        handle
            .call(&mut *store, (ptr as i32, request.len() as i32))
            .map_err(|e| fail(store, e))
    };
    run(&mut store)?;
    let state = store.into_data();
    let response = state.response.unwrap_or_default();
    if !(100..=599).contains(&response.status) {
        return Err(ExecError::InvalidResponse(format!(
            "status {} is not an HTTP status",
            response.status
        )));
    }
    Ok((response, state.kv))
}

/// One rendered frame of an interactive cartridge.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// RGBA pixels, row-major, `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

/// Instantiates an interactive cartridge, initialises it, runs `ticks` ticks and reads the
/// framebuffer.
pub(crate) fn run_frame(
    program: &Program,
    ticks: u32,
    state: HostState,
) -> Result<Frame, ExecError> {
    if program.shape().kind != crate::Kind::Interactive {
        return Err(ExecError::Unsupported(
            "this cartridge is not interactive: it has no framebuffer".into(),
        ));
    }
    let mut store = new_store(program, state);
    let fail = |store: &Store<HostState>, e| classify(store.data(), e);
    let instance = program
        .pre()
        .instantiate(&mut store)
        .map_err(|e| fail(&store, e))?;
    let (dw, dh) = abi::DEFAULT_FRAME;
    match program.shape().init {
        Init::Frame => {
            let init = instance
                .get_typed_func::<(i32, i32), ()>(&mut store, abi::EXPORT_INIT)
                .map_err(|e| fail(&store, e))?;
            init.call(&mut store, (dw as i32, dh as i32))
                .map_err(|e| fail(&store, e))?;
        }
        Init::Status => {
            let init = instance
                .get_typed_func::<(), i32>(&mut store, abi::EXPORT_INIT)
                .map_err(|e| fail(&store, e))?;
            let code = init.call(&mut store, ()).map_err(|e| fail(&store, e))?;
            if code != 0 {
                return Err(ExecError::Init(code));
            }
        }
        Init::None => {}
    }
    let tick = instance
        .get_typed_func::<(), ()>(&mut store, abi::EXPORT_TICK)
        .map_err(|e| fail(&store, e))?;
    for _ in 0..ticks {
        tick.call(&mut store, ()).map_err(|e| fail(&store, e))?;
    }
    let get = |store: &mut Store<HostState>, name: &str| -> Result<i32, ExecError> {
        let f = instance
            .get_typed_func::<(), i32>(&mut *store, name)
            .map_err(|e| fail(store, e))?;
        f.call(&mut *store, ()).map_err(|e| fail(store, e))
    };
    let (width, height) = if program.shape().has_frame_size {
        (
            get(&mut store, abi::EXPORT_WIDTH)? as u32,
            get(&mut store, abi::EXPORT_HEIGHT)? as u32,
        )
    } else {
        (dw, dh)
    };
    if width == 0 || height == 0 || width > MAX_FRAME_SIDE || height > MAX_FRAME_SIDE {
        return Err(ExecError::InvalidResponse(format!(
            "framebuffer size {width}x{height} is outside 1..={MAX_FRAME_SIDE}"
        )));
    }
    let ptr = get(&mut store, abi::EXPORT_FRAMEBUFFER)?;
    let len = (width * height * 4) as i32;
    let memory = instance
        .get_memory(&mut store, abi::EXPORT_MEMORY)
        .ok_or_else(|| ExecError::Host("memory export vanished"))?;
    let rgba = guest::read(&store, memory, ptr, len, usize::MAX, "framebuffer")
        .map_err(ExecError::UnreadableResponse)?;
    Ok(Frame {
        width,
        height,
        rgba,
    })
}
