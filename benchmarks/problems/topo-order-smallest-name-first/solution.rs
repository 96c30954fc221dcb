use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderError {
    UnknownTask(String),
    Cycle(Vec<String>),
}

pub fn build_order(tasks: &[&str], deps: &[(&str, &str)]) -> Result<Vec<String>, OrderError> {
    let names: BTreeSet<&str> = tasks.iter().copied().collect();
    for &(a, b) in deps {
        for n in [a, b] {
            if !names.contains(n) {
                return Err(OrderError::UnknownTask(n.to_string()));
            }
        }
    }
    let edges: BTreeSet<(&str, &str)> = deps.iter().copied().collect();
    let mut indeg: BTreeMap<&str, usize> = names.iter().map(|&n| (n, 0)).collect();
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &(a, b) in &edges {
        *indeg.get_mut(b).unwrap() += 1;
        out.entry(a).or_default().push(b);
    }
    let mut ready: BTreeSet<&str> = indeg.iter().filter(|(_, &d)| d == 0).map(|(&n, _)| n).collect();
    let mut order = Vec::new();
    while let Some(n) = ready.iter().next().copied() {
        ready.remove(n);
        order.push(n.to_string());
        if let Some(next) = out.get(n) {
            for &m in next {
                let d = indeg.get_mut(m).unwrap();
                *d -= 1;
                if *d == 0 {
                    ready.insert(m);
                }
            }
        }
    }
    if order.len() < names.len() {
        let stuck: Vec<String> =
            indeg.iter().filter(|(_, &d)| d > 0).map(|(&n, _)| n.to_string()).collect();
        return Err(OrderError::Cycle(stuck));
    }
    Ok(order)
}
