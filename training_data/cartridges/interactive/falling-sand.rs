//! A falling-sand toy on a 40×30 framebuffer: every tick a grain appears at the top center, and
//! each grain falls one cell per tick, sliding down-left or else down-right when the cell
//! below is taken, so the grains pile up into a heap on the floor.
//! smoke: {"frame": {"ticks": 0}, "width": 40, "height": 30, "pixels": [[20, 0, "1a1a2eff"]]}
//! smoke: {"frame": {"ticks": 10}, "pixels": [[20, 0, "e2c275ff"], [20, 9, "e2c275ff"], [20, 10, "1a1a2eff"]]}
//! smoke: {"frame": {"ticks": 40}, "pixels": [[20, 29, "e2c275ff"], [19, 29, "e2c275ff"], [21, 29, "e2c275ff"], [25, 29, "1a1a2eff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 40;
const H: usize = 30;
const SAND: [u8; 4] = [0xe2, 0xc2, 0x75, 0xff];
const AIR: [u8; 4] = [0x1a, 0x1a, 0x2e, 0xff];

struct Sandbox {
    sand: [[bool; W]; H],
    pixels: [u8; W * H * 4],
}

static mut SANDBOX: Sandbox = Sandbox {
    sand: [[false; W]; H],
    pixels: [0; W * H * 4],
};

fn sandbox() -> &'static mut Sandbox {
    unsafe { &mut *core::ptr::addr_of_mut!(SANDBOX) }
}

impl Sandbox {
    fn step(&mut self) {
        // Bottom-up, so a grain moves at most once per tick.
        for y in (0..H - 1).rev() {
            for x in 0..W {
                if !self.sand[y][x] {
                    continue;
                }
                let below = y + 1;
                let target = [Some(x), x.checked_sub(1), Some(x + 1).filter(|&r| r < W)]
                    .into_iter()
                    .flatten()
                    .find(|&tx| !self.sand[below][tx]);
                if let Some(tx) = target {
                    self.sand[y][x] = false;
                    self.sand[below][tx] = true;
                }
            }
        }
        self.sand[0][W / 2] = true;
    }

    fn render(&mut self) {
        for y in 0..H {
            for x in 0..W {
                let i = (y * W + x) * 4;
                self.pixels[i..i + 4].copy_from_slice(if self.sand[y][x] { &SAND } else { &AIR });
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    sandbox().render();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let b = sandbox();
    b.step();
    b.render();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    sandbox().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    W as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    H as i32
}
