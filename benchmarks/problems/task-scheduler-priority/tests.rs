use solution::*;

fn task(id: &str, duration: u64, priority: i32, release: u64, deps: &[&str]) -> Task {
    Task {
        id: id.to_string(),
        duration,
        priority,
        release,
        deps: deps.iter().map(|d| d.to_string()).collect(),
    }
}

fn slots(list: &[(&str, usize, u64, u64)]) -> Vec<Slot> {
    list.iter()
        .map(|&(id, worker, start, end)| Slot { id: id.to_string(), worker, start, end })
        .collect()
}

#[test]
fn example_single_worker() {
    let tasks = vec![task("a", 3, 1, 0, &[]), task("b", 2, 5, 0, &[]), task("c", 1, 9, 0, &["a"])];
    assert_eq!(schedule(&tasks, 1), Ok(slots(&[("b", 0, 0, 2), ("a", 0, 2, 5), ("c", 0, 5, 6)])));
}

#[test]
fn two_workers_priorities() {
    let tasks = vec![
        task("x", 4, 1, 0, &[]),
        task("y", 2, 3, 0, &[]),
        task("z", 3, 2, 0, &[]),
        task("w", 1, 0, 0, &["y"]),
    ];
    assert_eq!(
        schedule(&tasks, 2),
        Ok(slots(&[("y", 0, 0, 2), ("z", 1, 0, 3), ("x", 0, 2, 6), ("w", 1, 3, 4)]))
    );
}

#[test]
fn ties_by_id_byte_order_and_lowest_worker() {
    let tasks = vec![task("b", 1, 0, 0, &[]), task("a", 1, 0, 0, &[]), task("c", 1, 0, 0, &[])];
    assert_eq!(schedule(&tasks, 2), Ok(slots(&[("a", 0, 0, 1), ("b", 1, 0, 1), ("c", 0, 1, 2)])));
    let tasks = vec![task("a", 1, -1, 0, &[]), task("B", 1, -1, 0, &[])];
    assert_eq!(schedule(&tasks, 1), Ok(slots(&[("B", 0, 0, 1), ("a", 0, 1, 2)])));
    let tasks = vec![task("low", 1, i32::MIN, 0, &[]), task("high", 1, i32::MAX, 0, &[])];
    assert_eq!(schedule(&tasks, 1), Ok(slots(&[("high", 0, 0, 1), ("low", 0, 1, 2)])));
}

#[test]
fn zero_duration_chain_runs_at_same_time() {
    let tasks = vec![
        task("a", 0, 0, 0, &[]),
        task("b", 0, 0, 0, &["a"]),
        task("c", 5, 0, 0, &["b"]),
        task("d", 1, 5, 0, &[]),
    ];
    assert_eq!(
        schedule(&tasks, 1),
        Ok(slots(&[("d", 0, 0, 1), ("a", 0, 1, 1), ("b", 0, 1, 1), ("c", 0, 1, 6)]))
    );
    let tasks = vec![task("a", 0, 0, 0, &[]), task("x", 3, 0, 0, &[]), task("y", 2, 0, 0, &["a"])];
    assert_eq!(schedule(&tasks, 2), Ok(slots(&[("a", 0, 0, 0), ("x", 1, 0, 3), ("y", 0, 0, 2)])));
}

#[test]
fn release_times_and_idle_gaps() {
    let tasks = vec![task("a", 2, 0, 10, &[]), task("b", 3, 0, 0, &[]), task("c", 1, 0, 4, &[])];
    assert_eq!(schedule(&tasks, 1), Ok(slots(&[("b", 0, 0, 3), ("c", 0, 4, 5), ("a", 0, 10, 12)])));
    let tasks = vec![task("late", 1, 0, 1_000_000_000_000, &[])];
    assert_eq!(schedule(&tasks, 3), Ok(slots(&[("late", 0, 1_000_000_000_000, 1_000_000_000_001)])));
}

#[test]
fn no_preemption() {
    let tasks = vec![task("a", 5, 1, 0, &[]), task("b", 1, 10, 1, &[])];
    assert_eq!(schedule(&tasks, 1), Ok(slots(&[("a", 0, 0, 5), ("b", 0, 5, 6)])));
}

#[test]
fn dependency_released_later() {
    let tasks = vec![task("d", 1, 9, 0, &["e"]), task("e", 2, 0, 7, &[]), task("f", 10, 0, 0, &[])];
    assert_eq!(schedule(&tasks, 2), Ok(slots(&[("f", 0, 0, 10), ("e", 1, 7, 9), ("d", 1, 9, 10)])));
}

#[test]
fn fan_out_fan_in() {
    let mut tasks = vec![task("r", 2, 0, 0, &[])];
    for k in 1..=5 {
        tasks.push(task(&format!("c{k}"), k as u64, k, 0, &["r"]));
    }
    tasks.push(task("s", 1, 0, 0, &["c1", "c2", "c3", "c4", "c5", "c5"]));
    assert_eq!(
        schedule(&tasks, 3),
        Ok(slots(&[
            ("r", 0, 0, 2),
            ("c5", 0, 2, 7),
            ("c4", 1, 2, 6),
            ("c3", 2, 2, 5),
            ("c2", 2, 5, 7),
            ("c1", 1, 6, 7),
            ("s", 0, 7, 8),
        ]))
    );
}

#[test]
fn validation_errors_in_order() {
    assert_eq!(schedule(&[], 0), Err(ScheduleError::NoWorkers));
    assert_eq!(schedule(&[], 2), Ok(vec![]));
    let dup = vec![task("a", 1, 0, 0, &[]), task("b", 1, 0, 0, &["zz"]), task("a", 1, 0, 0, &[]), task("b", 1, 0, 0, &[])];
    assert_eq!(schedule(&dup, 0), Err(ScheduleError::NoWorkers));
    assert_eq!(schedule(&dup, 1), Err(ScheduleError::DuplicateId("a".into())));
    let unknown = vec![task("a", 1, 0, 0, &["b", "q", "r"]), task("b", 1, 0, 0, &["p"])];
    assert_eq!(
        schedule(&unknown, 1),
        Err(ScheduleError::UnknownDependency { task: "a".into(), dep: "q".into() })
    );
}

#[test]
fn cycles_report_all_unstarted_tasks() {
    let tasks = vec![
        task("a", 1, 0, 0, &["b"]),
        task("b", 1, 0, 0, &["a"]),
        task("c", 1, 0, 0, &["a"]),
        task("d", 1, 0, 0, &[]),
        task("Z", 1, 0, 0, &["c"]),
    ];
    assert_eq!(
        schedule(&tasks, 2),
        Err(ScheduleError::Cycle(vec!["Z".into(), "a".into(), "b".into(), "c".into()]))
    );
    let own = vec![task("s", 1, 0, 0, &["s"]), task("t", 1, 0, 0, &[])];
    assert_eq!(schedule(&own, 1), Err(ScheduleError::Cycle(vec!["s".into()])));
}
