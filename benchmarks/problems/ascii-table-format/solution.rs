fn is_int(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

pub fn format_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let n = headers.len();
    if n == 0 {
        return String::new();
    }
    let body: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| (0..n).map(|i| r.get(i).map(String::as_str).unwrap_or("")).collect())
        .collect();
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            body.iter()
                .map(|r| r[i].chars().count())
                .chain(std::iter::once(headers[i].chars().count()))
                .max()
                .unwrap()
        })
        .collect();
    let right: Vec<bool> = (0..n)
        .map(|i| !body.is_empty() && body.iter().all(|r| is_int(r[i])))
        .collect();
    let border: String = {
        let mut s = String::from("+");
        for w in &widths {
            s.push_str(&"-".repeat(w + 2));
            s.push('+');
        }
        s.push('\n');
        s
    };
    let line = |cells: &[&str], align: &dyn Fn(usize) -> bool| {
        let mut s = String::from("|");
        for i in 0..n {
            let pad = widths[i] - cells[i].chars().count();
            s.push(' ');
            if align(i) {
                s.push_str(&" ".repeat(pad));
                s.push_str(cells[i]);
            } else {
                s.push_str(cells[i]);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str(" |");
        }
        s.push('\n');
        s
    };
    let mut out = border.clone();
    out.push_str(&line(headers, &|_| false));
    out.push_str(&border);
    if body.is_empty() {
        return out;
    }
    for r in &body {
        out.push_str(&line(r, &|i| right[i]));
    }
    out.push_str(&border);
    out
}
