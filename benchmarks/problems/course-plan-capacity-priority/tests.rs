use solution::*;

fn plan(v: &[&[&str]]) -> Result<Vec<Vec<String>>, PlanError> {
    Ok(v.iter().map(|s| s.iter().map(|x| x.to_string()).collect()).collect())
}

#[test]
fn example_from_statement() {
    let courses = vec![
        ("calc1", vec![]),
        ("calc2", vec!["calc1"]),
        ("linalg", vec![]),
        ("ml", vec!["calc2", "linalg"]),
        ("art", vec![]),
    ];
    assert_eq!(
        plan_semesters(&courses, 2),
        plan(&[&["calc1", "linalg"], &["art", "calc2"], &["ml"]])
    );
}

#[test]
fn unlimited_capacity_gives_layers() {
    let courses = vec![
        ("calc1", vec![]),
        ("calc2", vec!["calc1"]),
        ("linalg", vec![]),
        ("ml", vec!["calc2", "linalg"]),
        ("art", vec![]),
    ];
    assert_eq!(
        plan_semesters(&courses, 100),
        plan(&[&["art", "calc1", "linalg"], &["calc2"], &["ml"]])
    );
    assert_eq!(plan_semesters(&[], 3), plan(&[]));
}

#[test]
fn capacity_one_is_a_priority_order() {
    let courses = vec![("c", vec!["a"]), ("b", vec![]), ("a", vec![]), ("d", vec!["c"])];
    // heights: a 3, c 2, d 1, b 1
    assert_eq!(plan_semesters(&courses, 1), plan(&[&["a"], &["c"], &["b"], &["d"]]));
}

#[test]
fn height_beats_name() {
    // z starts a long chain, so it is taken before a and b even though its name is larger
    let courses = vec![
        ("a", vec![]),
        ("b", vec![]),
        ("z", vec![]),
        ("z2", vec!["z"]),
        ("z3", vec!["z2"]),
    ];
    assert_eq!(
        plan_semesters(&courses, 2),
        plan(&[&["a", "z"], &["b", "z2"], &["z3"]])
    );
}

#[test]
fn errors_in_order() {
    assert_eq!(plan_semesters(&[("a", vec!["nope"])], 0), Err(PlanError::ZeroCapacity));
    assert_eq!(
        plan_semesters(&[("a", vec!["x"]), ("b", vec![]), ("a", vec![]), ("b", vec![])], 1),
        Err(PlanError::DuplicateCourse("a".into()))
    );
    assert_eq!(
        plan_semesters(&[("a", vec![]), ("b", vec!["a", "q", "r"]), ("c", vec!["s"])], 1),
        Err(PlanError::UnknownPrerequisite { course: "b".into(), prerequisite: "q".into() })
    );
    assert_eq!(
        plan_semesters(&[("a", vec!["b"]), ("b", vec!["a"]), ("c", vec!["zz"])], 1),
        Err(PlanError::UnknownPrerequisite { course: "c".into(), prerequisite: "zz".into() })
    );
}

#[test]
fn cycles_report_blocked_courses() {
    let courses = vec![
        ("intro", vec![]),
        ("x", vec!["intro", "z"]),
        ("y", vec!["x"]),
        ("z", vec!["y"]),
        ("capstone", vec!["z"]),
        ("free", vec![]),
    ];
    assert_eq!(
        plan_semesters(&courses, 3),
        Err(PlanError::Cycle(vec!["capstone".into(), "x".into(), "y".into(), "z".into()]))
    );
    assert_eq!(
        plan_semesters(&[("self", vec!["self"]), ("ok", vec![])], 1),
        Err(PlanError::Cycle(vec!["self".into()]))
    );
}

#[test]
fn duplicate_prerequisites_and_wide_graph() {
    let courses = vec![("b", vec!["a", "a"]), ("a", vec![])];
    assert_eq!(plan_semesters(&courses, 5), plan(&[&["a"], &["b"]]));
    // 3 chains of different lengths, capacity 2
    let courses = vec![
        ("p1", vec![]),
        ("p2", vec!["p1"]),
        ("q1", vec![]),
        ("q2", vec!["q1"]),
        ("q3", vec!["q2"]),
        ("r1", vec![]),
        ("r2", vec!["r1"]),
        ("r3", vec!["r2"]),
        ("r4", vec!["r3"]),
    ];
    // heights: r1 4, q1 3, r2 3, p1 2, q2 2, r3 2, the rest 1; ties go by name
    assert_eq!(
        plan_semesters(&courses, 2),
        plan(&[&["q1", "r1"], &["p1", "r2"], &["q2", "r3"], &["p2", "q3"], &["r4"]])
    );
}
