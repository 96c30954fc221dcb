//! The classic XOR texture on a 256×256 framebuffer: each pixel's shade is `(x ^ y) + tick`
//! (wrapping at 256), drawn as red = shade, green = twice the shade, blue = 255 - shade, so the
//! pattern's colors flow on every tick.
//! smoke: {"frame": {"ticks": 0}, "width": 256, "height": 256, "pixels": [[3, 5, "060cf9ff"], [0, 0, "0000ffff"], [255, 0, "fffe00ff"]]}
//! smoke: {"frame": {"ticks": 1}, "pixels": [[255, 0, "0000ffff"], [3, 5, "070ef8ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const SIDE: usize = 256;

static mut PIXELS: [u8; SIDE * SIDE * 4] = [0; SIDE * SIDE * 4];
static mut TICK: u8 = 0;

fn draw() {
    let (pixels, tick) = unsafe { (&mut *core::ptr::addr_of_mut!(PIXELS), TICK) };
    for y in 0..SIDE {
        for x in 0..SIDE {
            let shade = ((x ^ y) as u8).wrapping_add(tick);
            let i = (y * SIDE + x) * 4;
            pixels[i..i + 4].copy_from_slice(&[shade, shade.wrapping_mul(2), 255 - shade, 0xff]);
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    draw();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    unsafe { TICK = TICK.wrapping_add(1) };
    draw();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    core::ptr::addr_of!(PIXELS) as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    SIDE as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    SIDE as i32
}
