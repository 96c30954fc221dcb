use solution::*;

fn route(cost: u64, path: &[&str]) -> Option<Route> {
    Some(Route { cost, path: path.iter().map(|s| s.to_string()).collect() })
}

#[test]
fn example_from_statement() {
    let f = [("A", "B", 100), ("B", "C", 100), ("A", "C", 500)];
    assert_eq!(cheapest_route(&f, "A", "C", 1), route(200, &["A", "B", "C"]));
    assert_eq!(cheapest_route(&f, "A", "C", 0), route(500, &["A", "C"]));
}

#[test]
fn origin_equals_destination_and_unreachable() {
    let f = [("A", "B", 1)];
    assert_eq!(cheapest_route(&f, "Z", "Z", 0), route(0, &["Z"]));
    assert_eq!(cheapest_route(&f, "B", "A", 5), None);
    assert_eq!(cheapest_route(&[], "A", "B", 3), None);
}

#[test]
fn flights_are_directed() {
    let f = [("B", "A", 10), ("A", "C", 10), ("C", "B", 10)];
    assert_eq!(cheapest_route(&f, "A", "B", 1), route(20, &["A", "C", "B"]));
    assert_eq!(cheapest_route(&f, "A", "B", 0), None);
}

#[test]
fn stop_limit_forces_expensive_route() {
    let f = [
        ("SFO", "DEN", 50),
        ("DEN", "ORD", 50),
        ("ORD", "JFK", 50),
        ("SFO", "ORD", 180),
        ("SFO", "JFK", 400),
    ];
    assert_eq!(cheapest_route(&f, "SFO", "JFK", 2), route(150, &["SFO", "DEN", "ORD", "JFK"]));
    assert_eq!(cheapest_route(&f, "SFO", "JFK", 1), route(230, &["SFO", "ORD", "JFK"]));
    assert_eq!(cheapest_route(&f, "SFO", "JFK", 0), route(400, &["SFO", "JFK"]));
    assert_eq!(cheapest_route(&f, "SFO", "JFK", 10), route(150, &["SFO", "DEN", "ORD", "JFK"]));
}

#[test]
fn equal_cost_prefers_fewer_flights() {
    let f = [("A", "B", 3), ("B", "C", 3), ("C", "D", 3), ("A", "D", 9), ("A", "C", 6)];
    assert_eq!(cheapest_route(&f, "A", "D", 5), route(9, &["A", "D"]));
    let f2 = [("A", "B", 3), ("B", "D", 6), ("A", "C", 6), ("C", "E", 1), ("E", "D", 2)];
    assert_eq!(cheapest_route(&f2, "A", "D", 5), route(9, &["A", "B", "D"]));
}

#[test]
fn equal_cost_and_length_prefers_lexicographic_path() {
    let f = [
        ("A", "M", 5),
        ("A", "C", 4),
        ("M", "Z", 5),
        ("C", "Z", 6),
        ("A", "B", 7),
        ("B", "Z", 3),
    ];
    assert_eq!(cheapest_route(&f, "A", "Z", 1), route(10, &["A", "B", "Z"]));
    // codes are compared as strings, not by length
    let g = [("x", "bb", 1), ("x", "c", 1), ("bb", "y", 1), ("c", "y", 1)];
    assert_eq!(cheapest_route(&g, "x", "y", 1), route(2, &["x", "bb", "y"]));
    // the tie must be resolved on the whole path, not only the first hop
    let h = [
        ("s", "a", 1),
        ("s", "b", 1),
        ("a", "q", 1),
        ("b", "p", 1),
        ("q", "t", 1),
        ("p", "t", 1),
        ("a", "r", 1),
        ("r", "t", 1),
    ];
    assert_eq!(cheapest_route(&h, "s", "t", 2), route(3, &["s", "a", "q", "t"]));
}

#[test]
fn parallel_flights_and_cycles() {
    let f = [("A", "B", 9), ("A", "B", 4), ("B", "A", 1), ("B", "C", 4), ("C", "A", 1)];
    assert_eq!(cheapest_route(&f, "A", "C", 1), route(8, &["A", "B", "C"]));
    assert_eq!(cheapest_route(&f, "C", "B", 1), route(5, &["C", "A", "B"]));
}

#[test]
fn longer_chain_with_many_stops() {
    let names: Vec<String> = (0..30).map(|i| format!("N{i:02}")).collect();
    let mut f: Vec<(&str, &str, u32)> = Vec::new();
    for i in 0..29 {
        f.push((&names[i], &names[i + 1], 1));
    }
    f.push((&names[0], &names[29], 100));
    f.push((&names[0], &names[15], 20));
    let r = cheapest_route(&f, "N00", "N29", 28).unwrap();
    assert_eq!(r.cost, 29);
    assert_eq!(r.path.len(), 30);
    let r = cheapest_route(&f, "N00", "N29", 27).unwrap();
    assert_eq!(r.cost, 34);
    assert_eq!(r.path[..3], ["N00".to_string(), "N15".to_string(), "N16".to_string()]);
    let r = cheapest_route(&f, "N00", "N29", 13).unwrap();
    assert_eq!(r.cost, 100);
}
