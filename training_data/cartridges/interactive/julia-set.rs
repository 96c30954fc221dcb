//! The "Douady rabbit" Julia set (c = -0.123 + 0.745i) on a 120×90 framebuffer covering
//! -1.5..1.5 horizontally at 0.025 per pixel: points whose orbit stays within radius 2 for
//! 100 iterations are black, the others are shaded by their escape time; each tick advances
//! the shading by one step so the bands flow.
//! smoke: {"frame": {"ticks": 0}, "width": 120, "height": 90, "pixels": [[60, 45, "000000ff"], [0, 0, "0804a2ff"], [119, 89, "0804a2ff"]]}
//! smoke: {"frame": {"ticks": 3}, "pixels": [[60, 45, "000000ff"], [0, 0, "2010a8ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 120;
const H: usize = 90;
const STEP: f64 = 0.025;
const C: (f64, f64) = (-0.123, 0.745);
const MAX_ITER: u32 = 100;

struct Julia {
    escape: [u8; W * H],
    tick: u32,
    pixels: [u8; W * H * 4],
}

static mut JULIA: Julia = Julia {
    escape: [0; W * H],
    tick: 0,
    pixels: [0; W * H * 4],
};

fn julia() -> &'static mut Julia {
    unsafe { &mut *core::ptr::addr_of_mut!(JULIA) }
}

fn escape_time(mut zx: f64, mut zy: f64) -> u32 {
    for n in 0..MAX_ITER {
        if zx * zx + zy * zy > 4.0 {
            return n;
        }
        (zx, zy) = (zx * zx - zy * zy + C.0, 2.0 * zx * zy + C.1);
    }
    MAX_ITER
}

impl Julia {
    fn shade(&mut self) {
        for (i, px) in self.pixels.chunks_exact_mut(4).enumerate() {
            let n = u32::from(self.escape[i]);
            if n == MAX_ITER {
                px.copy_from_slice(&[0, 0, 0, 0xff]);
            } else {
                let k = n + self.tick;
                px.copy_from_slice(&[
                    (k * 8 % 256) as u8,
                    (k * 4 % 256) as u8,
                    (160 + k * 2 % 96) as u8,
                    0xff,
                ]);
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    let j = julia();
    for y in 0..H {
        for x in 0..W {
            let zx = (x as f64 - (W / 2) as f64) * STEP;
            let zy = (y as f64 - (H / 2) as f64) * STEP;
            j.escape[y * W + x] = escape_time(zx, zy) as u8;
        }
    }
    j.shade();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let j = julia();
    j.tick += 1;
    j.shade();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    julia().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    W as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    H as i32
}
