use solution::*;

fn check(meetings: &[(u32, u32)], rooms_used: usize, room_of: &[usize]) {
    assert_eq!(
        assign_rooms(meetings),
        Assignment { rooms_used, room_of: room_of.to_vec() },
        "meetings {meetings:?}"
    );
}

#[test]
fn example_from_statement() {
    check(&[(0, 30), (5, 10), (15, 20), (10, 40)], 3, &[0, 1, 2, 1]);
}

#[test]
fn empty_and_single() {
    check(&[], 0, &[]);
    check(&[(3, 4)], 1, &[0]);
}

#[test]
fn back_to_back_meetings_share_a_room() {
    check(&[(0, 10), (10, 20), (20, 30)], 1, &[0, 0, 0]);
    check(&[(20, 30), (0, 10), (10, 20)], 1, &[0, 0, 0]);
}

#[test]
fn same_start_uses_input_order() {
    check(&[(5, 9), (5, 6), (5, 7)], 3, &[0, 1, 2]);
    check(&[(5, 6), (5, 9), (6, 8), (5, 7)], 3, &[0, 1, 0, 2]);
}

#[test]
fn lowest_number_not_earliest_freed() {
    // room 1 frees at 4, room 0 frees at 6; at time 7 both are free and room 0 must be used
    check(&[(0, 6), (1, 4), (7, 8)], 2, &[0, 1, 0]);
    // at time 5 only room 1 is free (room 0 busy until 9), room 2 free too: pick room 1
    check(&[(0, 9), (1, 5), (2, 4), (5, 6), (6, 7)], 3, &[0, 1, 2, 1, 1]);
}

#[test]
fn rooms_used_equals_peak_overlap() {
    let meetings = [
        (1, 10),
        (2, 3),
        (3, 4),
        (4, 12),
        (2, 11),
        (11, 15),
        (10, 11),
        (9, 13),
        (12, 14),
    ];
    // handled: (1,10)->0 (2,3)->1 (2,11)->2 (3,4)->1 (4,12)->1 (9,13)->3
    //          (10,11)->0 (11,15)->0 (12,14)->1
    check(&meetings, 4, &[0, 1, 1, 1, 2, 0, 0, 3, 1]);
}

#[test]
#[should_panic]
fn zero_length_meeting_panics() {
    assign_rooms(&[(1, 2), (5, 5)]);
}

#[test]
fn many_meetings() {
    // meeting i: [i, i + 10) for i in 0..1000 -> exactly 10 rooms, room i % 10
    let meetings: Vec<(u32, u32)> = (0..1000).map(|i| (i, i + 10)).collect();
    let a = assign_rooms(&meetings);
    assert_eq!(a.rooms_used, 10);
    assert!(a.room_of.iter().enumerate().all(|(i, &r)| r == i % 10));
    // reversed input order does not change the assignment per meeting
    let rev: Vec<(u32, u32)> = meetings.iter().rev().copied().collect();
    let b = assign_rooms(&rev);
    assert_eq!(b.rooms_used, 10);
    assert!(b.room_of.iter().enumerate().all(|(i, &r)| r == (999 - i) % 10));
}
