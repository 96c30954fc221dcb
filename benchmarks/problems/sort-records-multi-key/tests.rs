use solution::*;

fn p(name: &str, score: u32, age: u8) -> Player {
    Player { name: name.to_string(), score, age }
}

fn names(v: &[Player]) -> Vec<&str> {
    v.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn example() {
    let mut v = vec![p("ann", 90, 30), p("bob", 95, 25), p("cat", 90, 22)];
    rank_players(&mut v);
    assert_eq!(names(&v), vec!["bob", "cat", "ann"]);
}

#[test]
fn all_three_keys() {
    let mut v = vec![
        p("zed", 50, 20),
        p("amy", 50, 20),
        p("max", 50, 19),
        p("Bea", 50, 20),
        p("kim", 70, 40),
        p("lou", 10, 1),
    ];
    rank_players(&mut v);
    assert_eq!(names(&v), vec!["kim", "max", "Bea", "amy", "zed", "lou"]);
}

#[test]
fn empty_and_single() {
    let mut v: Vec<Player> = vec![];
    rank_players(&mut v);
    assert!(v.is_empty());
    let mut one = vec![p("solo", 0, 0)];
    rank_players(&mut one);
    assert_eq!(one, vec![p("solo", 0, 0)]);
    assert_eq!(top_names(&[], 3), Vec::<String>::new());
    assert_eq!(competition_ranks(&[]), vec![]);
}

#[test]
fn top_names_does_not_modify() {
    let v = vec![p("a", 1, 9), p("b", 3, 9), p("c", 2, 9)];
    assert_eq!(top_names(&v, 2), vec!["b".to_string(), "c".to_string()]);
    assert_eq!(top_names(&v, 10), vec!["b".to_string(), "c".to_string(), "a".to_string()]);
    assert_eq!(top_names(&v, 0), Vec::<String>::new());
    assert_eq!(names(&v), vec!["a", "b", "c"]);
}

#[test]
fn ranks_1224() {
    let v = vec![p("ann", 90, 30), p("bob", 95, 25), p("cat", 90, 22), p("dan", 80, 50)];
    assert_eq!(
        competition_ranks(&v),
        vec![
            ("bob".to_string(), 1),
            ("cat".to_string(), 2),
            ("ann".to_string(), 2),
            ("dan".to_string(), 4),
        ]
    );
}

#[test]
fn ranks_all_tied_and_distinct() {
    let v = vec![p("c", 5, 1), p("b", 5, 1), p("a", 5, 1)];
    assert_eq!(
        competition_ranks(&v),
        vec![("a".to_string(), 1), ("b".to_string(), 1), ("c".to_string(), 1)]
    );
    let w = vec![p("x", 1, 1), p("y", 2, 1), p("z", 3, 1)];
    let r: Vec<usize> = competition_ranks(&w).into_iter().map(|(_, r)| r).collect();
    assert_eq!(r, vec![1, 2, 3]);
}

#[test]
fn same_score_different_age_share_rank() {
    let v = vec![p("old", 10, 80), p("young", 10, 8), p("top", 11, 50)];
    assert_eq!(
        competition_ranks(&v),
        vec![("top".to_string(), 1), ("young".to_string(), 2), ("old".to_string(), 2)]
    );
}
