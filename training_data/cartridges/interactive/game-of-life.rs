//! Conway's Game of Life on a 32×32 wrapping grid, drawn with 4×4-pixel cells (a 128×128
//! framebuffer): it starts with a glider in the top-left corner and advances one generation
//! per tick, so after 4 ticks the glider has moved one cell right and one down.
//! smoke: {"frame": {"ticks": 0}, "width": 128, "height": 128, "pixels": [[5, 1, "33ff66ff"], [9, 5, "33ff66ff"], [1, 9, "33ff66ff"], [0, 0, "101010ff"]]}
//! smoke: {"frame": {"ticks": 4}, "width": 128, "height": 128, "pixels": [[9, 5, "33ff66ff"], [13, 9, "33ff66ff"], [5, 13, "33ff66ff"], [9, 13, "33ff66ff"], [13, 13, "33ff66ff"], [5, 1, "101010ff"], [1, 9, "101010ff"]]}
//! smoke: {"frame": {"ticks": 1}, "pixels": [[1, 5, "33ff66ff"], [9, 5, "33ff66ff"], [5, 9, "33ff66ff"], [9, 9, "33ff66ff"], [5, 13, "33ff66ff"], [5, 1, "101010ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const N: usize = 32;
const SCALE: usize = 4;
const SIDE: usize = N * SCALE;
const ALIVE: u32 = 0x33ff_66ff;
const DEAD: u32 = 0x1010_10ff;

struct Life {
    cells: [[bool; N]; N],
    pixels: [u8; SIDE * SIDE * 4],
}

static mut LIFE: Life = Life {
    cells: [[false; N]; N],
    pixels: [0; SIDE * SIDE * 4],
};

fn life() -> &'static mut Life {
    unsafe { &mut *core::ptr::addr_of_mut!(LIFE) }
}

impl Life {
    fn neighbours(&self, x: usize, y: usize) -> usize {
        let mut count = 0;
        for dy in [N - 1, 0, 1] {
            for dx in [N - 1, 0, 1] {
                if (dx, dy) != (0, 0) && self.cells[(y + dy) % N][(x + dx) % N] {
                    count += 1;
                }
            }
        }
        count
    }

    fn step(&mut self) {
        let mut next = [[false; N]; N];
        for (y, row) in next.iter_mut().enumerate() {
            for (x, cell) in row.iter_mut().enumerate() {
                *cell = matches!(
                    (self.cells[y][x], self.neighbours(x, y)),
                    (true, 2) | (_, 3)
                );
            }
        }
        self.cells = next;
    }

    fn render(&mut self) {
        for py in 0..SIDE {
            for px in 0..SIDE {
                let rgba = if self.cells[py / SCALE][px / SCALE] {
                    ALIVE
                } else {
                    DEAD
                };
                let i = (py * SIDE + px) * 4;
                self.pixels[i..i + 4].copy_from_slice(&rgba.to_be_bytes());
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    let l = life();
    // A glider heading down and to the right.
    for (x, y) in [(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)] {
        l.cells[y][x] = true;
    }
    l.render();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let l = life();
    l.step();
    l.render();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    life().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    SIDE as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    SIDE as i32
}
