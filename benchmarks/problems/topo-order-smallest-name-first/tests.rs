use solution::*;

fn v(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn example_from_statement() {
    let tasks = ["wash", "dry", "fold", "buy"];
    let deps = [("wash", "dry"), ("dry", "fold")];
    assert_eq!(build_order(&tasks, &deps), Ok(v(&["buy", "wash", "dry", "fold"])));
}

#[test]
fn no_dependencies_is_sorted_and_deduplicated() {
    assert_eq!(build_order(&["c", "a", "b", "a"], &[]), Ok(v(&["a", "b", "c"])));
    assert_eq!(build_order(&[], &[]), Ok(vec![]));
    // byte order: uppercase before lowercase, "B" < "a" < "ab" < "b"
    assert_eq!(build_order(&["b", "ab", "a", "B"], &[]), Ok(v(&["B", "a", "ab", "b"])));
}

#[test]
fn tie_breaking_is_dynamic_not_by_layers() {
    // after "a" is placed, "b" becomes ready and beats "c" even though "c" was ready earlier
    let tasks = ["a", "b", "c", "d"];
    let deps = [("a", "b"), ("d", "c")];
    assert_eq!(build_order(&tasks, &deps), Ok(v(&["a", "b", "d", "c"])));
    let tasks = ["z", "y", "m", "a"];
    let deps = [("z", "a"), ("y", "a"), ("m", "z")];
    assert_eq!(build_order(&tasks, &deps), Ok(v(&["m", "y", "z", "a"])));
}

#[test]
fn duplicate_dependencies_count_once() {
    let tasks = ["x", "y"];
    let deps = [("x", "y"), ("x", "y"), ("x", "y")];
    assert_eq!(build_order(&tasks, &deps), Ok(v(&["x", "y"])));
}

#[test]
fn unknown_task_reported_first_in_scan_order() {
    let tasks = ["a", "b"];
    assert_eq!(
        build_order(&tasks, &[("a", "b"), ("q", "r"), ("s", "a")]),
        Err(OrderError::UnknownTask("q".into()))
    );
    assert_eq!(
        build_order(&tasks, &[("a", "zz"), ("yy", "a")]),
        Err(OrderError::UnknownTask("zz".into()))
    );
    // unknown tasks win over cycles
    assert_eq!(
        build_order(&tasks, &[("a", "b"), ("b", "a"), ("b", "c")]),
        Err(OrderError::UnknownTask("c".into()))
    );
}

#[test]
fn cycle_reports_blocked_tasks() {
    let tasks = ["a", "b", "c", "d", "e", "f"];
    // b -> c -> d -> b is a cycle; e depends on d; a and f are free
    let deps = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "b"), ("d", "e"), ("a", "f")];
    assert_eq!(build_order(&tasks, &deps), Err(OrderError::Cycle(v(&["b", "c", "d", "e"]))));
}

#[test]
fn self_loop_is_a_cycle() {
    let tasks = ["solo", "other"];
    assert_eq!(
        build_order(&tasks, &[("solo", "solo")]),
        Err(OrderError::Cycle(v(&["solo"])))
    );
}

#[test]
fn larger_chain_with_fanout() {
    let names: Vec<String> = (0..50).map(|i| format!("t{:02}", 49 - i)).collect();
    let tasks: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
    // chain t49 -> t48 -> ... -> t00
    let deps: Vec<(&str, &str)> = (0..49).map(|i| (tasks[i], tasks[i + 1])).collect();
    let order = build_order(&tasks, &deps).unwrap();
    assert_eq!(order, names);
}
