#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Snake,
    Kebab,
    Camel,
    Pascal,
    ScreamingSnake,
    Train,
}

fn words(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    for c in input.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev = None;
            continue;
        }
        if c.is_ascii_uppercase() {
            if let Some(p) = prev {
                if (p.is_ascii_lowercase() || p.is_ascii_digit()) && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
        cur.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn capitalise(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
        None => String::new(),
    }
}

pub fn convert_case(input: &str, to: Case) -> String {
    let ws = words(input);
    match to {
        Case::Snake => ws.join("_"),
        Case::Kebab => ws.join("-"),
        Case::ScreamingSnake => ws.join("_").to_ascii_uppercase(),
        Case::Pascal => ws.iter().map(|w| capitalise(w)).collect(),
        Case::Train => ws.iter().map(|w| capitalise(w)).collect::<Vec<_>>().join("-"),
        Case::Camel => ws
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.clone() } else { capitalise(w) })
            .collect(),
    }
}
