use solution::*;
use Approach::{EastWest as EW, NorthSouth as NS};

#[test]
fn example_from_statement() {
    let x = Intersection::new(3, 2, 1).unwrap();
    assert_eq!(x.cycle_length(), 7);
    assert_eq!(x.departures(&[(0, NS), (0, NS), (0, NS), (0, NS), (1, EW)]), vec![0, 1, 2, 7, 4]);
}

#[test]
fn constructor_validation() {
    assert!(Intersection::new(0, 5, 1).is_none());
    assert!(Intersection::new(5, 0, 1).is_none());
    let x = Intersection::new(1, 1, 0).unwrap();
    assert_eq!(x.cycle_length(), 2);
}

#[test]
fn phases_over_a_cycle() {
    let x = Intersection::new(3, 2, 1).unwrap();
    let phases: Vec<Phase> = (0..15).map(|t| x.phase_at(t)).collect();
    use Phase::*;
    assert_eq!(
        phases,
        vec![
            NorthSouthGreen, NorthSouthGreen, NorthSouthGreen, AllRed, EastWestGreen,
            EastWestGreen, AllRed, NorthSouthGreen, NorthSouthGreen, NorthSouthGreen, AllRed,
            EastWestGreen, EastWestGreen, AllRed, NorthSouthGreen
        ]
    );
    let y = Intersection::new(2, 3, 0).unwrap();
    let phases: Vec<Phase> = (0..6).map(|t| y.phase_at(t)).collect();
    assert_eq!(
        phases,
        vec![NorthSouthGreen, NorthSouthGreen, EastWestGreen, EastWestGreen, EastWestGreen, NorthSouthGreen]
    );
}

#[test]
fn arrivals_during_red_wait_for_next_green() {
    let x = Intersection::new(3, 2, 1).unwrap();
    // NS car at 3 (all red) waits to 7; EW car at 6 (all red) waits to 11; EW car at 0 waits to 4
    assert_eq!(x.departures(&[(3, NS), (6, EW), (0, EW)]), vec![7, 11, 4]);
    // arriving exactly at the start / last second of green
    assert_eq!(x.departures(&[(4, EW), (5, EW), (2, NS)]), vec![4, 5, 2]);
}

#[test]
fn queue_order_by_arrival_then_index() {
    let x = Intersection::new(2, 2, 1).unwrap();
    // cycle 6: NS green 0,1 ; EW green 3,4
    // NS queue order: idx 2 (t0), idx 0 (t1), idx 3 (t1), idx 1 (t5)
    let cars = [(1, NS), (5, NS), (0, NS), (1, NS), (3, EW), (3, EW), (3, EW)];
    assert_eq!(x.departures(&cars), vec![1, 7, 0, 6, 3, 4, 9]);
}

#[test]
fn lanes_are_independent() {
    let x = Intersection::new(1, 1, 0).unwrap();
    // alternating single seconds: NS at even, EW at odd
    let cars = [(0, NS), (0, EW), (0, NS), (0, EW), (0, NS)];
    assert_eq!(x.departures(&cars), vec![0, 1, 2, 3, 4]);
    assert_eq!(x.departures(&[]), Vec::<u64>::new());
}

#[test]
fn huge_arrival_times() {
    let x = Intersection::new(30, 20, 5).unwrap(); // cycle 60
    let t = 1_000_000_000_000_000u64;
    assert_eq!(t % 60, 40);
    // offset 40 is inside EW green [35, 55); NS must wait until the next cycle start
    assert_eq!(x.departures(&[(t, NS), (t, EW), (t, EW)]), vec![t + 20, t, t + 1]);
    assert_eq!(x.phase_at(t + 15), Phase::AllRed);
    assert_eq!(x.phase_at(t + 20), Phase::NorthSouthGreen);
}

#[test]
fn long_queue_spills_over_cycles() {
    let x = Intersection::new(2, 1, 1).unwrap(); // cycle 5: NS 0,1 ; red 2 ; EW 3 ; red 4
    let cars: Vec<(u64, Approach)> = (0..7).map(|_| (0, NS)).chain((0..3).map(|_| (0, EW))).collect();
    assert_eq!(x.departures(&cars), vec![0, 1, 5, 6, 10, 11, 15, 3, 8, 13]);
}
