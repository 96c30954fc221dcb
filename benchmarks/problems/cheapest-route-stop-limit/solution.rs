use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub cost: u64,
    pub path: Vec<String>,
}

pub fn cheapest_route(
    flights: &[(&str, &str, u32)],
    origin: &str,
    destination: &str,
    max_stops: usize,
) -> Option<Route> {
    if origin == destination {
        return Some(Route { cost: 0, path: vec![origin.to_string()] });
    }
    // best[v] = cheapest (cost, path) reaching v with exactly k flights
    let mut layer: HashMap<&str, (u64, Vec<&str>)> = HashMap::new();
    layer.insert(origin, (0, vec![origin]));
    let mut best: Option<(u64, usize, Vec<&str>)> = None;
    for k in 1..=max_stops + 1 {
        let mut next: HashMap<&str, (u64, Vec<&str>)> = HashMap::new();
        for &(from, to, price) in flights {
            if let Some((c, p)) = layer.get(from) {
                let nc = c + price as u64;
                let better = match next.get(to) {
                    None => true,
                    Some((oc, op)) => {
                        nc < *oc || (nc == *oc && {
                            let mut np = p.clone();
                            np.push(to);
                            np < *op
                        })
                    }
                };
                if better {
                    let mut np = p.clone();
                    np.push(to);
                    next.insert(to, (nc, np));
                }
            }
        }
        if let Some((c, p)) = next.get(destination) {
            let cand = (*c, k, p.clone());
            if best.as_ref().map_or(true, |b| cand < *b) {
                best = Some(cand);
            }
        }
        if next.is_empty() {
            break;
        }
        layer = next;
    }
    best.map(|(cost, _, path)| Route { cost, path: path.into_iter().map(String::from).collect() })
}
