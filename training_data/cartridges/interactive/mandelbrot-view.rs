//! The Mandelbrot set on a 160×120 framebuffer, real axis from -2.5 to 1.0 and imaginary axis
//! from -1.2 to 1.2: points that stay bounded for 64 iterations are black, the others are
//! colored by how fast they escape, from a 16-color palette that cycles one step per tick.
//! The set is computed once in `x402_init`; ticks only recolor.
//! smoke: {"frame": {"ticks": 0}, "width": 160, "height": 120, "pixels": [[100, 60, "000000ff"], [0, 0, "0f061eff"], [159, 0, "1e0c3cff"]]}
//! smoke: {"frame": {"ticks": 1}, "pixels": [[100, 60, "000000ff"], [0, 0, "1e0c3cff"], [159, 0, "2d125aff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 160;
const H: usize = 120;
const MAX_ITER: u8 = 64;
const PALETTE: usize = 16;

struct View {
    /// Escape iteration per pixel; `MAX_ITER` means inside the set.
    iters: [u8; W * H],
    shift: usize,
    pixels: [u8; W * H * 4],
}

static mut VIEW: View = View {
    iters: [0; W * H],
    shift: 0,
    pixels: [0; W * H * 4],
};

fn view() -> &'static mut View {
    unsafe { &mut *core::ptr::addr_of_mut!(VIEW) }
}

fn escape(cx: f64, cy: f64) -> u8 {
    let (mut zx, mut zy) = (0.0f64, 0.0f64);
    for n in 0..MAX_ITER {
        if zx * zx + zy * zy > 4.0 {
            return n;
        }
        let t = zx * zx - zy * zy + cx;
        zy = 2.0 * zx * zy + cy;
        zx = t;
    }
    MAX_ITER
}

/// Palette entry `k`: a ramp from deep purple towards orange.
fn color(k: usize) -> u32 {
    let k = k as u32;
    (15 * k) << 24 | (6 * k) << 16 | (30 * k % 256) << 8 | 0xff
}

impl View {
    fn render(&mut self) {
        for (i, px) in self.pixels.chunks_exact_mut(4).enumerate() {
            let n = self.iters[i];
            let rgba = if n == MAX_ITER {
                0x0000_00ff
            } else {
                color((n as usize + self.shift) % PALETTE)
            };
            px.copy_from_slice(&rgba.to_be_bytes());
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    let v = view();
    for y in 0..H {
        for x in 0..W {
            let cx = -2.5 + x as f64 * 3.5 / W as f64;
            let cy = -1.2 + y as f64 * 2.4 / H as f64;
            v.iters[y * W + x] = escape(cx, cy);
        }
    }
    v.render();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let v = view();
    v.shift = (v.shift + 1) % PALETTE;
    v.render();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    view().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    W as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    H as i32
}
