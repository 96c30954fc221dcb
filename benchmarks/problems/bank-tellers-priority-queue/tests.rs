use solution::*;

fn c(arrival: u64, service: u64, priority: bool) -> Customer {
    Customer { arrival, service, priority }
}

fn v(teller: usize, start: u64, end: u64) -> Visit {
    Visit { teller, start, end }
}

#[test]
fn example_from_statement() {
    let cs = [c(0, 5, false), c(1, 3, false), c(2, 2, true)];
    assert_eq!(simulate(1, &cs), vec![v(0, 0, 5), v(0, 7, 10), v(0, 5, 7)]);
}

#[test]
fn no_customers() {
    assert_eq!(simulate(3, &[]), vec![]);
}

#[test]
#[should_panic]
fn zero_tellers_panics() {
    simulate(0, &[c(0, 1, false)]);
}

#[test]
fn two_tellers_with_waiting() {
    let cs = [c(0, 10, false), c(0, 3, false), c(5, 4, false), c(6, 1, false)];
    assert_eq!(simulate(2, &cs), vec![v(0, 0, 10), v(1, 0, 3), v(1, 5, 9), v(1, 9, 10)]);
}

#[test]
fn lowest_numbered_free_teller_not_earliest_freed() {
    let cs = [c(0, 5, false), c(0, 2, false), c(0, 8, false), c(6, 1, false)];
    assert_eq!(simulate(3, &cs), vec![v(0, 0, 5), v(1, 0, 2), v(2, 0, 8), v(0, 6, 7)]);
}

#[test]
fn teller_free_at_end_time_and_input_order_irrelevant() {
    let cs = [c(4, 1, false), c(0, 4, false)];
    assert_eq!(simulate(1, &cs), vec![v(0, 4, 5), v(0, 0, 4)]);
    // same arrival, no priority: smaller input index first
    let cs = [c(0, 2, false), c(0, 1, false), c(0, 1, false)];
    assert_eq!(simulate(1, &cs), vec![v(0, 0, 2), v(0, 2, 3), v(0, 3, 4)]);
}

#[test]
fn priority_ordering_among_waiting() {
    let cs = [
        c(0, 4, false),
        c(0, 4, false),
        c(1, 1, false),
        c(2, 1, true),
        c(3, 1, true),
        c(2, 1, false),
        c(4, 2, false),
    ];
    assert_eq!(
        simulate(2, &cs),
        vec![v(0, 0, 4), v(1, 0, 4), v(0, 5, 6), v(0, 4, 5), v(1, 4, 5), v(1, 5, 6), v(0, 6, 8)]
    );
    // priority does not interrupt a customer already being served
    let cs = [c(0, 10, false), c(1, 1, true)];
    assert_eq!(simulate(1, &cs), vec![v(0, 0, 10), v(0, 10, 11)]);
}

#[test]
fn large_times_are_not_stepped() {
    let t = 5_000_000_000_000u64;
    let cs = [c(t, 3, false), c(0, t, false), c(t + 1, 1, true)];
    assert_eq!(simulate(1, &cs), vec![v(0, t, t + 3), v(0, 0, t), v(0, t + 3, t + 4)]);
}

#[test]
fn pseudo_random_day() {
    let mut x = 99u64;
    let mut next = || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        x >> 33
    };
    let mut cs = Vec::new();
    for _ in 0..300 {
        let a = next() % 2000;
        let s = 1 + next() % 30;
        let p = next() % 5 == 0;
        cs.push(c(a, s, p));
    }
    let vs = simulate(3, &cs);
    assert_eq!(vs[0], v(2, 1479, 1506));
    assert_eq!(vs[1], v(0, 277, 292));
    assert_eq!(vs[150], v(2, 1527, 1532));
    assert_eq!(vs[299], v(2, 695, 719));
    assert_eq!(vs.iter().map(|x| x.end).sum::<u64>(), 312_122);
    let total_wait: u64 = vs.iter().zip(&cs).map(|(x, c)| x.start - c.arrival).sum();
    assert_eq!(total_wait, 2302);
    assert_eq!(vs.iter().map(|x| x.end).max(), Some(2037));
}
