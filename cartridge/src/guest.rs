//! Bounds-checked access to a guest's linear memory.
//!
//! Every pointer a guest hands to the host is checked against the current memory size before
//! use, and every length is capped before the host allocates. Buffers the host passes in are
//! placed with the guest's `x402_alloc` when it exports one, otherwise at the end of memory
//! after growing it (so the limiter still applies).

use wasmtime::{AsContext, AsContextMut, Caller, Extern, Memory, TypedFunc};

use crate::abi::{EXPORT_ALLOC, EXPORT_MEMORY};

/// Wasm page size.
pub(crate) const PAGE: usize = 65_536;

/// The guest's exported memory, looked up afresh (never cached across calls or swaps).
pub(crate) fn memory<T>(caller: &mut Caller<'_, T>) -> wasmtime::Result<Memory> {
    caller
        .get_export(EXPORT_MEMORY)
        .and_then(Extern::into_memory)
        .ok_or_else(|| wasmtime::format_err!("cartridge exports no `memory`"))
}

/// The guest's `x402_alloc`, if it exports one with the right type.
pub(crate) fn alloc_fn<T>(caller: &mut Caller<'_, T>) -> Option<TypedFunc<i32, i32>> {
    let func = caller.get_export(EXPORT_ALLOC)?.into_func()?;
    func.typed::<i32, i32>(&*caller).ok()
}

/// Copies `len` bytes at `ptr` out of guest memory; refuses lengths above `max` and ranges
/// outside memory.
pub(crate) fn read(
    store: impl AsContext,
    memory: Memory,
    ptr: i32,
    len: i32,
    max: usize,
    what: &str,
) -> wasmtime::Result<Vec<u8>> {
    let (ptr, len) = (ptr as u32 as usize, len as u32 as usize);
    if len > max {
        wasmtime::bail!("{what} is {len} bytes, the limit is {max}");
    }
    let data = memory.data(&store);
    let end = ptr
        .checked_add(len)
        .filter(|end| *end <= data.len())
        .ok_or_else(|| {
            wasmtime::format_err!(
                "{what}: guest range {ptr}+{len} is outside memory ({} bytes)",
                data.len()
            )
        })?;
    Ok(data[ptr..end].to_vec())
}

/// Copies `bytes` into guest memory and returns their address.
pub(crate) fn write(
    mut store: impl AsContextMut,
    memory: Memory,
    alloc: Option<TypedFunc<i32, i32>>,
    bytes: &[u8],
) -> wasmtime::Result<u32> {
    let len = i32::try_from(bytes.len())
        .map_err(|_| wasmtime::format_err!("buffer of {} bytes is too large", bytes.len()))?;
    let ptr = match alloc {
        Some(alloc) => alloc.call(&mut store, len)? as u32,
        None => grow_for(&mut store, memory, bytes.len())?,
    };
    let start = ptr as usize;
    let size = memory.data_size(&store);
    if start.checked_add(bytes.len()).is_none_or(|end| end > size) {
        wasmtime::bail!(
            "x402_alloc returned {ptr} for {} bytes, outside memory ({size} bytes)",
            bytes.len()
        );
    }
    memory.write(&mut store, start, bytes)?;
    Ok(ptr)
}

/// Grows memory by enough pages for `len` bytes and returns the old end (a bump allocation at
/// the end of memory). Fails when the limiter refuses the growth.
pub(crate) fn grow_for(
    mut store: impl AsContextMut,
    memory: Memory,
    len: usize,
) -> wasmtime::Result<u32> {
    let end = memory.data_size(&store);
    if len == 0 {
        return Ok(end as u32);
    }
    let pages = len.div_ceil(PAGE) as u64;
    memory
        .grow(&mut store, pages)
        .map_err(|e| wasmtime::format_err!("cannot grow memory for {len} bytes: {e}"))?;
    u32::try_from(end).map_err(|_| wasmtime::format_err!("memory end beyond 4 GiB"))
}
