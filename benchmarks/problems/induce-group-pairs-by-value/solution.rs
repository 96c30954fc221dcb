use std::collections::BTreeMap;

pub fn transform(pairs: &[(char, u32)]) -> Vec<(u32, String)> {
    let mut groups: BTreeMap<u32, String> = BTreeMap::new();
    for &(c, v) in pairs {
        groups.entry(v).or_default().push(c);
    }
    groups.into_iter().collect()
}
