//! A side-scrolling starfield on a 96×64 black framebuffer: 40 stars placed on a fixed
//! pattern (star i at x = 37i mod 96, y = 23i mod 64) drift left at 1, 2 or 3 pixels per tick
//! (i mod 3), wrapping around, and faster stars are drawn brighter.
//! smoke: {"frame": {"ticks": 0}, "width": 96, "height": 64, "pixels": [[0, 0, "555555ff"], [37, 23, "aaaaaaff"], [74, 46, "ffffffff"], [1, 0, "000000ff"]]}
//! smoke: {"frame": {"ticks": 5}, "pixels": [[91, 0, "555555ff"], [27, 23, "aaaaaaff"], [0, 0, "000000ff"], [37, 23, "000000ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 96;
const H: usize = 64;
const STARS: usize = 40;

#[derive(Clone, Copy)]
struct Star {
    x: usize,
    y: usize,
    speed: usize,
}

struct Sky {
    stars: [Star; STARS],
    pixels: [u8; W * H * 4],
}

static mut SKY: Sky = Sky {
    stars: [Star {
        x: 0,
        y: 0,
        speed: 1,
    }; STARS],
    pixels: [0; W * H * 4],
};

fn sky() -> &'static mut Sky {
    unsafe { &mut *core::ptr::addr_of_mut!(SKY) }
}

impl Sky {
    fn render(&mut self) {
        for px in self.pixels.chunks_exact_mut(4) {
            px.copy_from_slice(&[0, 0, 0, 0xff]);
        }
        for star in &self.stars {
            let level = (85 * star.speed) as u8;
            let i = (star.y * W + star.x) * 4;
            self.pixels[i..i + 4].copy_from_slice(&[level, level, level, 0xff]);
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    let s = sky();
    for (i, star) in s.stars.iter_mut().enumerate() {
        *star = Star {
            x: i * 37 % W,
            y: i * 23 % H,
            speed: 1 + i % 3,
        };
    }
    s.render();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let s = sky();
    for star in s.stars.iter_mut() {
        star.x = (star.x + W - star.speed) % W;
    }
    s.render();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    sky().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    W as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    H as i32
}
