use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub records: Vec<usize>,
    pub names: Vec<String>,
    pub phones: Vec<String>,
}

fn find(parent: &mut Vec<usize>, x: usize) -> usize {
    let mut root = x;
    while parent[root] != root {
        root = parent[root];
    }
    let mut cur = x;
    while parent[cur] != root {
        let next = parent[cur];
        parent[cur] = root;
        cur = next;
    }
    root
}

pub fn merge_records(records: &[(&str, Vec<&str>)]) -> Vec<Person> {
    let n = records.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut normalized: Vec<Vec<String>> = Vec::with_capacity(n);
    for (i, (_, phones)) in records.iter().enumerate() {
        let mut list = Vec::new();
        for p in phones {
            let d: String = p.chars().filter(|c| c.is_ascii_digit()).collect();
            if d.is_empty() {
                continue;
            }
            if let Some(&j) = owner.get(&d) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                if a != b {
                    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                    parent[hi] = lo;
                }
            } else {
                owner.insert(d.clone(), i);
            }
            list.push(d);
        }
        normalized.push(list);
    }
    let mut groups: BTreeMap<usize, (Vec<usize>, BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        let g = groups.entry(r).or_default();
        g.0.push(i);
        g.1.insert(records[i].0.to_string());
        for p in &normalized[i] {
            g.2.insert(p.clone());
        }
    }
    let mut out: Vec<Person> = groups
        .into_values()
        .map(|(recs, names, phones)| Person {
            records: recs,
            names: names.into_iter().collect(),
            phones: phones.into_iter().collect(),
        })
        .collect();
    out.sort_by_key(|p| p.records[0]);
    out
}
