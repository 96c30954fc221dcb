//! Fills the whole screen with one color that walks around the hue circle, 15 degrees per tick
//! at full saturation and brightness (red, yellow after 4 ticks, green after 8, blue after 16,
//! red again after 24). Adopts the size the host passes to `x402_init`, up to 320×240.
//! smoke: {"frame": {"ticks": 0}, "width": 320, "height": 240, "pixels": [[0, 0, "ff0000ff"], [319, 239, "ff0000ff"]]}
//! smoke: {"frame": {"ticks": 4}, "pixels": [[10, 10, "ffff00ff"]]}
//! smoke: {"frame": {"ticks": 10}, "pixels": [[10, 10, "00ff7fff"]]}
//! smoke: {"frame": {"ticks": 16}, "pixels": [[100, 200, "0000ffff"]]}
//! smoke: {"frame": {"ticks": 24}, "pixels": [[5, 5, "ff0000ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const MAX_W: usize = 320;
const MAX_H: usize = 240;
const STEP: u32 = 15;

struct Screen {
    width: usize,
    height: usize,
    hue: u32,
    pixels: [u8; MAX_W * MAX_H * 4],
}

static mut SCREEN: Screen = Screen {
    width: MAX_W,
    height: MAX_H,
    hue: 0,
    pixels: [0; MAX_W * MAX_H * 4],
};

fn screen() -> &'static mut Screen {
    unsafe { &mut *core::ptr::addr_of_mut!(SCREEN) }
}

/// HSV with full saturation and value to RGB, hue in degrees.
fn hue_to_rgb(hue: u32) -> [u8; 3] {
    let sector = hue / 60;
    // The rising or falling channel within the sector.
    let up = ((hue % 60) * 255 / 60) as u8;
    let down = 255 - up;
    match sector {
        0 => [255, up, 0],
        1 => [down, 255, 0],
        2 => [0, 255, up],
        3 => [0, down, 255],
        4 => [up, 0, 255],
        _ => [255, 0, down],
    }
}

impl Screen {
    fn fill(&mut self) {
        let [r, g, b] = hue_to_rgb(self.hue);
        let len = self.width * self.height * 4;
        for px in self.pixels[..len].chunks_exact_mut(4) {
            px.copy_from_slice(&[r, g, b, 0xff]);
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(width: i32, height: i32) {
    let s = screen();
    s.width = (width.max(1) as usize).min(MAX_W);
    s.height = (height.max(1) as usize).min(MAX_H);
    s.fill();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let s = screen();
    s.hue = (s.hue + STEP) % 360;
    s.fill();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    screen().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    screen().width as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    screen().height as i32
}
