fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c == ' ' || c == '\t')
}

fn leading_ws(line: &str) -> &str {
    let end = line.find(|c: char| c != ' ' && c != '\t').unwrap_or(line.len());
    &line[..end]
}

pub fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut common: Option<&str> = None;
    for l in lines.iter().filter(|l| !is_blank(l)) {
        let ws = leading_ws(l);
        common = Some(match common {
            None => ws,
            Some(c) => {
                let n = c
                    .bytes()
                    .zip(ws.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &c[..n]
            }
        });
    }
    let cut = common.map_or(0, str::len);
    lines
        .iter()
        .map(|l| if is_blank(l) { "" } else { &l[cut..] })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn indent(text: &str, prefix: &str) -> String {
    text.split('\n')
        .map(|l| if is_blank(l) { l.to_string() } else { format!("{prefix}{l}") })
        .collect::<Vec<_>>()
        .join("\n")
}
