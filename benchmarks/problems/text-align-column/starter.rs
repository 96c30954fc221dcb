#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

pub fn align_lines(lines: &[&str], width: usize, align: Align) -> Vec<String> {
    todo!("align {lines:?} to {width} ({align:?})")
}
