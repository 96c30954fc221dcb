pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

pub fn suggest<'a>(word: &str, candidates: &[&'a str], max_distance: usize) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    let mut scored: Vec<(usize, &'a str)> = Vec::new();
    for &c in candidates {
        if seen.contains(&c) {
            continue;
        }
        seen.push(c);
        let d = edit_distance(word, c);
        if d <= max_distance {
            scored.push((d, c));
        }
    }
    scored.sort_by_key(|&(d, _)| d);
    scored.into_iter().map(|(_, c)| c).collect()
}
