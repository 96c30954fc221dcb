use solution::*;

fn e(name: &str, score: u32, time_ms: u64) -> Entry {
    Entry { name: name.to_string(), score, time_ms }
}

fn names(v: &[Entry]) -> Vec<&str> {
    v.iter().map(|x| x.name.as_str()).collect()
}

#[test]
fn score_descending() {
    let mut v = vec![e("a", 1, 0), e("b", 3, 0), e("c", 2, 0)];
    rank(&mut v);
    assert_eq!(names(&v), ["b", "c", "a"]);
}

#[test]
fn faster_time_wins_ties() {
    let mut v = vec![e("slow", 5, 900), e("fast", 5, 100), e("mid", 5, 400)];
    rank(&mut v);
    assert_eq!(names(&v), ["fast", "mid", "slow"]);
}

#[test]
fn name_breaks_full_ties() {
    let mut v = vec![e("zed", 5, 100), e("amy", 5, 100), e("Bob", 5, 100)];
    rank(&mut v);
    assert_eq!(names(&v), ["Bob", "amy", "zed"]);
}

#[test]
fn example_order_and_podium() {
    let v = vec![e("ann", 10, 500), e("bob", 12, 900), e("cid", 10, 300), e("dee", 10, 300)];
    let mut sorted = v.clone();
    rank(&mut sorted);
    assert_eq!(names(&sorted), ["bob", "cid", "dee", "ann"]);
    assert_eq!(podium(&v), ["bob", "cid", "dee"]);
    assert_eq!(v[0].name, "ann");
}

#[test]
fn podium_with_few_entries() {
    assert_eq!(podium(&[]), Vec::<String>::new());
    assert_eq!(podium(&[e("solo", 1, 1)]), ["solo"]);
    assert_eq!(podium(&[e("x", 1, 5), e("y", 1, 2)]), ["y", "x"]);
}

#[test]
fn score_outweighs_time() {
    let mut v = vec![e("quick", 1, 1), e("thorough", 2, 1_000_000)];
    rank(&mut v);
    assert_eq!(names(&v), ["thorough", "quick"]);
}
