//! Langton's ant on a 64×64 wrapping grid of white cells: the ant (drawn red) starts in the
//! middle facing up; on each tick, on a white cell it turns right, on a black cell left, then
//! flips the cell's color and steps forward.
//! smoke: {"frame": {"ticks": 0}, "width": 64, "height": 64, "pixels": [[32, 32, "ff0000ff"], [33, 32, "ffffffff"]]}
//! smoke: {"frame": {"ticks": 5}, "pixels": [[33, 32, "000000ff"], [33, 33, "000000ff"], [32, 33, "000000ff"], [32, 32, "ffffffff"], [31, 32, "ff0000ff"]]}
//! smoke: {"frame": {"ticks": 1}, "pixels": [[32, 32, "000000ff"], [33, 32, "ff0000ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const N: usize = 64;
const WHITE: u32 = 0xffff_ffff;
const BLACK: u32 = 0x0000_00ff;
const ANT: u32 = 0xff00_00ff;
/// Headings clockwise from up, as (dx, dy) with y growing downwards.
const HEADINGS: [(isize, isize); 4] = [(0, -1), (1, 0), (0, 1), (-1, 0)];

struct World {
    black: [[bool; N]; N],
    ant: (usize, usize),
    heading: usize,
    pixels: [u8; N * N * 4],
}

static mut WORLD: World = World {
    black: [[false; N]; N],
    ant: (N / 2, N / 2),
    heading: 0,
    pixels: [0; N * N * 4],
};

fn world() -> &'static mut World {
    unsafe { &mut *core::ptr::addr_of_mut!(WORLD) }
}

impl World {
    fn step(&mut self) {
        let (x, y) = self.ant;
        let cell = &mut self.black[y][x];
        self.heading = if *cell {
            (self.heading + 3) % 4
        } else {
            (self.heading + 1) % 4
        };
        *cell = !*cell;
        let (dx, dy) = HEADINGS[self.heading];
        self.ant = (
            (x as isize + dx).rem_euclid(N as isize) as usize,
            (y as isize + dy).rem_euclid(N as isize) as usize,
        );
    }

    fn render(&mut self) {
        for y in 0..N {
            for x in 0..N {
                let rgba = if (x, y) == self.ant {
                    ANT
                } else if self.black[y][x] {
                    BLACK
                } else {
                    WHITE
                };
                let i = (y * N + x) * 4;
                self.pixels[i..i + 4].copy_from_slice(&rgba.to_be_bytes());
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    world().render();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let w = world();
    w.step();
    w.render();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    world().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    N as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    N as i32
}
