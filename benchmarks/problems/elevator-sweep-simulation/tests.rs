use solution::*;

fn report(served_at: &[u64], floors_traveled: u64) -> Result<Report, ElevatorError> {
    Ok(Report { served_at: served_at.to_vec(), floors_traveled })
}

#[test]
fn example_from_statement() {
    assert_eq!(simulate(10, &[(0, 5), (1, 2), (2, 8)]), report(&[6, 2, 10], 8));
}

#[test]
fn trivial_cases() {
    assert_eq!(simulate(3, &[]), report(&[], 0));
    assert_eq!(simulate(0, &[(0, 0)]), report(&[0], 0));
    assert_eq!(simulate(3, &[(7, 0)]), report(&[7], 0));
}

#[test]
fn floor_out_of_range() {
    assert_eq!(
        simulate(5, &[(0, 3), (1, 6), (2, 9)]),
        Err(ElevatorError::FloorOutOfRange { index: 1 })
    );
}

#[test]
fn keeps_direction_before_reversing() {
    assert_eq!(simulate(10, &[(0, 4), (2, 1)]), report(&[4, 8], 7));
    // request for floor 2 appears at floor 3 while going up to 9: finish going up first
    assert_eq!(simulate(10, &[(0, 9), (3, 2)]), report(&[9, 17], 16));
}

#[test]
fn stops_on_the_way_only_if_pending_on_arrival() {
    // the request for floor 3 appears exactly when the car is at floor 3
    assert_eq!(simulate(9, &[(0, 5), (3, 3)]), report(&[6, 3], 5));
    // one unit later the car has already passed floor 3
    assert_eq!(simulate(9, &[(0, 5), (4, 3)]), report(&[5, 8], 7));
}

#[test]
fn same_floor_requests_and_dwell() {
    assert_eq!(simulate(5, &[(0, 2), (2, 2), (3, 2)]), report(&[2, 2, 3], 2));
}

#[test]
fn idle_tie_goes_up() {
    assert_eq!(simulate(10, &[(0, 5), (10, 3), (10, 7)]), report(&[5, 17, 12], 11));
    // from idle, the nearer floor wins even when it is below
    assert_eq!(simulate(10, &[(0, 5), (10, 4), (10, 7)]), report(&[5, 11, 15], 9));
}

#[test]
fn huge_time_gaps() {
    let t = 1_000_000_000_000u64;
    assert_eq!(simulate(3, &[(t, 3), (0, 1)]), report(&[t + 2, 1], 3));
    assert_eq!(
        simulate(100, &[(0, 100), (t, 0), (2 * t, 50)]),
        report(&[100, t + 100, 2 * t + 50], 250)
    );
}

#[test]
fn longer_scenario() {
    let requests = [
        (0, 6),
        (1, 3),
        (2, 9),
        (4, 1),
        (7, 8),
        (8, 2),
        (8, 6),
        (30, 4),
        (30, 4),
        (31, 9),
    ];
    assert_eq!(
        simulate(9, &requests),
        report(&[7, 3, 13, 23, 11, 21, 8, 33, 33, 39], 25)
    );
}
