//! Concentric rings 8 pixels wide around the center of a 96×96 framebuffer, alternating orange
//! and navy, that ripple outwards by one ring per tick. Distances use the integer square root
//! (`u32::isqrt`), so no floating point is involved.
//! smoke: {"frame": {"ticks": 0}, "width": 96, "height": 96, "pixels": [[48, 48, "ff8800ff"], [55, 48, "ff8800ff"], [56, 48, "002244ff"], [48, 64, "ff8800ff"], [0, 0, "ff8800ff"]]}
//! smoke: {"frame": {"ticks": 1}, "pixels": [[48, 48, "002244ff"], [56, 48, "ff8800ff"], [0, 0, "002244ff"]]}
//! smoke: {"frame": {"ticks": 2}, "pixels": [[48, 48, "ff8800ff"], [56, 48, "002244ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const SIDE: i32 = 96;
const CENTER: i32 = SIDE / 2;
const RING: u32 = 8;
const COLORS: [u32; 2] = [0xff88_00ff, 0x0022_44ff];

static mut PIXELS: [u8; (SIDE * SIDE * 4) as usize] = [0; (SIDE * SIDE * 4) as usize];
static mut PHASE: u32 = 0;

fn draw(phase: u32) {
    let pixels = unsafe { &mut *core::ptr::addr_of_mut!(PIXELS) };
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (dx, dy) = (x - CENTER, y - CENTER);
            let ring = ((dx * dx + dy * dy) as u32).isqrt() / RING;
            // Subtracting the phase moves every ring outwards as time passes.
            let color = COLORS[((ring as i64 - phase as i64).rem_euclid(2)) as usize];
            let i = ((y * SIDE + x) * 4) as usize;
            pixels[i..i + 4].copy_from_slice(&color.to_be_bytes());
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    draw(0);
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let phase = unsafe {
        PHASE = PHASE.wrapping_add(1);
        PHASE
    };
    draw(phase);
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    core::ptr::addr_of!(PIXELS) as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    SIDE
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    SIDE
}
