use solution::*;

#[test]
fn example() {
    let mut g = GradeBook::new();
    g.add_score("ann", 90).unwrap();
    g.add_score("ann", 80).unwrap();
    g.add_score("bob", 70).unwrap();
    assert_eq!(g.average("ann"), Ok(85.0));
    assert_eq!(g.letter("ann"), Ok('B'));
    assert_eq!(g.letter("bob"), Ok('C'));
    assert_eq!(g.class_average(), Some(80.0));
    assert_eq!(g.scores("ann"), Ok(vec![90, 80]));
}

#[test]
fn validation() {
    let mut g = GradeBook::new();
    assert_eq!(g.add_score("ann", 101), Err(GradeError::ScoreOutOfRange(101)));
    assert_eq!(g.scores("ann"), Err(GradeError::UnknownStudent("ann".to_string())));
    assert_eq!(g.add_score("ann", 100), Ok(()));
    assert_eq!(g.add_score("ann", 0), Ok(()));
    assert_eq!(g.add_score("ann", u32::MAX), Err(GradeError::ScoreOutOfRange(u32::MAX)));
    assert_eq!(g.scores("ann"), Ok(vec![100, 0]));
}

#[test]
fn unknown_students() {
    let g = GradeBook::new();
    assert_eq!(g.average("x"), Err(GradeError::UnknownStudent("x".to_string())));
    assert_eq!(g.letter("x"), Err(GradeError::UnknownStudent("x".to_string())));
    assert_eq!(g.class_average(), None);
    assert!(g.ranking().is_empty());
}

#[test]
fn letter_boundaries() {
    let mut g = GradeBook::new();
    for (name, scores) in [
        ("a", vec![90]),
        ("b", vec![89, 90]),
        ("c", vec![80]),
        ("d", vec![79]),
        ("e", vec![60]),
        ("f", vec![59, 60]),
        ("g", vec![0]),
        ("h", vec![100, 100, 70]),
    ] {
        for s in scores {
            g.add_score(name, s).unwrap();
        }
    }
    let letters: Vec<char> = ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .map(|n| g.letter(n).unwrap())
        .collect();
    assert_eq!(letters, vec!['A', 'B', 'B', 'C', 'D', 'F', 'F', 'A']);
}

#[test]
fn ranking_order() {
    let mut g = GradeBook::new();
    g.add_score("zoe", 80).unwrap();
    g.add_score("amy", 95).unwrap();
    g.add_score("bea", 80).unwrap();
    g.add_score("cal", 60).unwrap();
    g.add_score("cal", 100).unwrap();
    assert_eq!(
        g.ranking(),
        vec![
            ("amy".to_string(), 95.0),
            ("bea".to_string(), 80.0),
            ("cal".to_string(), 80.0),
            ("zoe".to_string(), 80.0)
        ]
    );
}

#[test]
fn class_average_weights_scores() {
    let mut g = GradeBook::new();
    g.add_score("ann", 100).unwrap();
    g.add_score("bob", 40).unwrap();
    g.add_score("bob", 40).unwrap();
    g.add_score("bob", 40).unwrap();
    // mean of all scores = 220 / 4 = 55, not (100 + 40) / 2 = 70
    assert_eq!(g.class_average(), Some(55.0));
}
