//! A yellow ball of radius 3 bouncing inside an 80×60 dark blue framebuffer: it starts at
//! (10, 10), moves 2 pixels right and 1 down per tick, and reverses direction when it
//! touches a wall.
//! smoke: {"frame": {"ticks": 0}, "width": 80, "height": 60, "pixels": [[10, 10, "ffd700ff"], [13, 10, "ffd700ff"], [14, 10, "102040ff"], [0, 0, "102040ff"]]}
//! smoke: {"frame": {"ticks": 5}, "pixels": [[20, 15, "ffd700ff"], [10, 10, "102040ff"]]}
//! smoke: {"frame": {"ticks": 34}, "pixels": [[74, 44, "ffd700ff"], [78, 44, "102040ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: i32 = 80;
const H: i32 = 60;
const R: i32 = 3;
const BACKGROUND: u32 = 0x1020_40ff;
const BALL: u32 = 0xffd7_00ff;

struct Ball {
    x: i32,
    y: i32,
    vx: i32,
    vy: i32,
}

static mut BALL_STATE: Ball = Ball {
    x: 10,
    y: 10,
    vx: 2,
    vy: 1,
};
static mut PIXELS: [u8; (W * H * 4) as usize] = [0; (W * H * 4) as usize];

fn ball() -> &'static mut Ball {
    unsafe { &mut *core::ptr::addr_of_mut!(BALL_STATE) }
}

fn pixels() -> &'static mut [u8; (W * H * 4) as usize] {
    unsafe { &mut *core::ptr::addr_of_mut!(PIXELS) }
}

fn render() {
    let b = ball();
    let fb = pixels();
    for y in 0..H {
        for x in 0..W {
            let (dx, dy) = (x - b.x, y - b.y);
            let rgba = if dx * dx + dy * dy <= R * R {
                BALL
            } else {
                BACKGROUND
            };
            let i = ((y * W + x) * 4) as usize;
            fb[i..i + 4].copy_from_slice(&rgba.to_be_bytes());
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    render();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let b = ball();
    b.x += b.vx;
    b.y += b.vy;
    // Touching a wall turns the ball around for the next tick.
    if b.x <= R || b.x >= W - 1 - R {
        b.vx = -b.vx;
    }
    if b.y <= R || b.y >= H - 1 - R {
        b.vy = -b.vy;
    }
    render();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    pixels().as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    W
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    H
}
