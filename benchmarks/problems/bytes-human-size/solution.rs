const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

fn tenths(bytes: u64, k: u32) -> u128 {
    let unit = 1u128 << (10 * k);
    (bytes as u128 * 20 + unit) / (2 * unit)
}

pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut k = 1u32;
    while k < 6 && bytes as u128 >= 1u128 << (10 * (k + 1)) {
        k += 1;
    }
    let mut t = tenths(bytes, k);
    if t >= 10240 && k < 6 {
        k += 1;
        t = tenths(bytes, k);
    }
    format!("{}.{} {}", t / 10, t % 10, UNITS[k as usize - 1])
}
