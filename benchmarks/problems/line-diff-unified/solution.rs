#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Keep(String),
    Delete(String),
    Insert(String),
}

fn split_lines(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<&str> = text.split('\n').collect();
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
}

pub fn diff_lines(old: &str, new: &str) -> Vec<Edit> {
    let a = split_lines(old);
    let b = split_lines(new);
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(Edit::Keep(a[i].to_string()));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(Edit::Delete(a[i].to_string()));
            i += 1;
        } else {
            out.push(Edit::Insert(b[j].to_string()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| Edit::Delete(l.to_string())));
    out.extend(b[j..].iter().map(|l| Edit::Insert(l.to_string())));
    out
}

pub fn unified(old: &str, new: &str, context: usize) -> String {
    let script = diff_lines(old, new);
    let changes: Vec<usize> = script
        .iter()
        .enumerate()
        .filter(|(_, e)| !matches!(e, Edit::Keep(_)))
        .map(|(k, _)| k)
        .collect();
    if changes.is_empty() {
        return String::new();
    }
    // group changes into hunks
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &c in &changes {
        match groups.last_mut() {
            Some((_, last)) if c - *last - 1 <= 2 * context => *last = c,
            _ => groups.push((c, c)),
        }
    }
    // old/new line counts consumed before each script index
    let mut old_before = vec![0usize; script.len() + 1];
    let mut new_before = vec![0usize; script.len() + 1];
    for (k, e) in script.iter().enumerate() {
        old_before[k + 1] = old_before[k] + usize::from(!matches!(e, Edit::Insert(_)));
        new_before[k + 1] = new_before[k] + usize::from(!matches!(e, Edit::Delete(_)));
    }
    let mut out = String::new();
    for (first, last) in groups {
        let start = first.saturating_sub(context);
        let end = (last + context).min(script.len() - 1);
        let oc = old_before[end + 1] - old_before[start];
        let nc = new_before[end + 1] - new_before[start];
        let os = if oc == 0 { old_before[start] } else { old_before[start] + 1 };
        let ns = if nc == 0 { new_before[start] } else { new_before[start] + 1 };
        out.push_str(&format!("@@ -{os},{oc} +{ns},{nc} @@\n"));
        for e in &script[start..=end] {
            let (sign, text) = match e {
                Edit::Keep(t) => (' ', t),
                Edit::Delete(t) => ('-', t),
                Edit::Insert(t) => ('+', t),
            };
            out.push(sign);
            out.push_str(text);
            out.push('\n');
        }
    }
    out
}
