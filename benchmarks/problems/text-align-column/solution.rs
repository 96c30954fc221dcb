#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

pub fn align_lines(lines: &[&str], width: usize, align: Align) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            let t = line.trim();
            let len = t.chars().count();
            if len >= width {
                return t.to_string();
            }
            let extra = width - len;
            let (l, r) = match align {
                Align::Left => (0, extra),
                Align::Right => (extra, 0),
                Align::Center => (extra / 2, extra - extra / 2),
            };
            format!("{}{}{}", " ".repeat(l), t, " ".repeat(r))
        })
        .collect()
}
