use solution::*;

fn conflict(at: i64) -> Result<u64, BookError> {
    Err(BookError::Conflict { at })
}

fn bk(id: u64, start: i64, end: i64) -> Booking {
    Booking { id, start, end }
}

#[test]
fn single_capacity_example() {
    let mut c = Calendar::new(1);
    assert_eq!(c.book(10, 20), Ok(1));
    assert_eq!(c.book(20, 25), Ok(2));
    assert_eq!(c.book(5, 12), conflict(10));
    assert_eq!(c.book(19, 21), conflict(19));
    assert_eq!(c.book(0, 10), Ok(3));
    assert_eq!(c.available(0, 30), vec![(25, 30)]);
    assert_eq!(c.first_fit(8, 3), Some(25));
    assert_eq!(c.bookings(), vec![bk(3, 0, 10), bk(1, 10, 20), bk(2, 20, 25)]);
}

#[test]
fn invalid_intervals() {
    let mut c = Calendar::new(2);
    assert_eq!(c.book(5, 5), Err(BookError::InvalidInterval));
    assert_eq!(c.book(6, 5), Err(BookError::InvalidInterval));
    assert_eq!(c.book(i64::MAX, i64::MIN), Err(BookError::InvalidInterval));
    assert_eq!(c.book(1, 2), Ok(1));
}

#[test]
fn capacity_two_conflict_is_earliest_full_point() {
    let mut c = Calendar::new(2);
    assert_eq!(c.book(0, 10), Ok(1));
    assert_eq!(c.book(5, 15), Ok(2));
    // [5, 10) is full
    assert_eq!(c.book(12, 20), Ok(3));
    assert_eq!(c.book(0, 5), Ok(4));
    // now [0, 10) is full and [12, 15) is full
    assert_eq!(c.book(10, 13), conflict(12));
    assert_eq!(c.book(-5, 1), conflict(0));
    assert_eq!(c.book(10, 12), Ok(5));
    assert_eq!(c.load_at(11), 2);
    assert_eq!(c.load_at(15), 1);
    assert_eq!(c.load_at(20), 0);
    assert_eq!(c.load_at(-1), 0);
    assert_eq!(c.available(-10, 30), vec![(-10, 0), (15, 30)]);
}

#[test]
fn ids_are_not_reused() {
    let mut c = Calendar::new(1);
    assert_eq!(c.book(0, 1), Ok(1));
    assert_eq!(c.book(0, 1), conflict(0));
    assert_eq!(c.book(1, 2), Ok(2));
    assert!(c.cancel(1));
    assert!(!c.cancel(1));
    assert!(!c.cancel(99));
    assert_eq!(c.book(0, 1), Ok(3));
    assert_eq!(c.bookings(), vec![bk(3, 0, 1), bk(2, 1, 2)]);
}

#[test]
fn cancel_frees_capacity() {
    let mut c = Calendar::new(1);
    let a = c.book(100, 200).unwrap();
    assert_eq!(c.book(150, 160), conflict(150));
    assert!(c.cancel(a));
    assert_eq!(c.book(150, 160), Ok(2));
    assert_eq!(c.available(100, 200), vec![(100, 150), (160, 200)]);
}

#[test]
fn bookings_sorted_by_start_then_id() {
    let mut c = Calendar::new(3);
    c.book(5, 6).unwrap();
    c.book(1, 9).unwrap();
    c.book(5, 7).unwrap();
    c.book(-3, 0).unwrap();
    assert_eq!(c.bookings(), vec![bk(4, -3, 0), bk(2, 1, 9), bk(1, 5, 6), bk(3, 5, 7)]);
}

#[test]
fn available_edges() {
    let mut c = Calendar::new(1);
    c.book(0, 5).unwrap();
    c.book(5, 8).unwrap();
    c.book(10, 12).unwrap();
    assert_eq!(c.available(0, 12), vec![(8, 10)]);
    assert_eq!(c.available(3, 11), vec![(8, 10)]);
    assert_eq!(c.available(8, 10), vec![(8, 10)]);
    assert_eq!(c.available(12, 12), vec![]);
    assert_eq!(c.available(20, 10), vec![]);
    assert_eq!(c.available(1, 4), vec![]);
    assert_eq!(c.available(-2, 1), vec![(-2, 0)]);
    let empty = Calendar::new(1);
    assert_eq!(empty.available(i64::MIN, i64::MAX), vec![(i64::MIN, i64::MAX)]);
}

#[test]
fn first_fit_searches_gaps() {
    let mut c = Calendar::new(1);
    c.book(0, 10).unwrap();
    c.book(12, 20).unwrap();
    c.book(23, 30).unwrap();
    assert_eq!(c.first_fit(0, 2), Some(10));
    assert_eq!(c.first_fit(0, 3), Some(20));
    assert_eq!(c.first_fit(0, 4), Some(30));
    assert_eq!(c.first_fit(11, 1), Some(11));
    assert_eq!(c.first_fit(-5, 5), Some(-5));
    assert_eq!(c.first_fit(-5, 6), Some(30));
    assert_eq!(c.first_fit(25, 1), Some(30));
    assert_eq!(c.first_fit(0, 0), None);
    assert_eq!(c.first_fit(0, -3), None);
}

#[test]
fn first_fit_with_capacity_two() {
    let mut c = Calendar::new(2);
    c.book(0, 10).unwrap();
    c.book(5, 20).unwrap();
    c.book(8, 12).unwrap_err();
    c.book(15, 25).unwrap();
    // full on [5, 10) and [15, 20)
    assert_eq!(c.first_fit(0, 5), Some(0));
    assert_eq!(c.first_fit(0, 6), Some(20));
    assert_eq!(c.first_fit(10, 5), Some(10));
    assert_eq!(c.first_fit(3, 3), Some(10));
    assert_eq!(c.first_fit(11, 5), Some(20));
    assert_eq!(c.first_fit(0, 100), Some(20));
}

#[test]
fn zero_capacity() {
    let mut c = Calendar::new(0);
    assert_eq!(c.book(3, 4), conflict(3));
    assert_eq!(c.book(4, 3), Err(BookError::InvalidInterval));
    assert_eq!(c.available(0, 10), vec![]);
    assert_eq!(c.first_fit(0, 1), None);
    assert_eq!(c.book(5, 6), conflict(5));
    assert!(c.bookings().is_empty());
}

#[test]
fn extreme_values() {
    let mut c = Calendar::new(1);
    assert_eq!(c.book(i64::MIN, i64::MIN + 10), Ok(1));
    assert_eq!(c.book(i64::MAX - 5, i64::MAX), Ok(2));
    assert_eq!(c.load_at(i64::MIN), 1);
    assert_eq!(c.load_at(i64::MAX), 0);
    assert_eq!(c.load_at(i64::MAX - 1), 1);
    assert_eq!(c.first_fit(i64::MIN, 3), Some(i64::MIN + 10));
    assert_eq!(c.first_fit(i64::MAX - 10, 6), None);
    assert_eq!(c.first_fit(i64::MAX - 10, 5), Some(i64::MAX - 10));
    assert_eq!(c.first_fit(i64::MAX - 3, 1), None);
    assert_eq!(
        c.available(i64::MIN, i64::MAX),
        vec![(i64::MIN + 10, i64::MAX - 5)]
    );
    assert_eq!(c.book(i64::MIN, i64::MAX), conflict(i64::MIN));
    assert!(c.cancel(1));
    assert_eq!(c.book(i64::MIN, i64::MAX), conflict(i64::MAX - 5));
}

#[test]
fn many_bookings() {
    let mut c = Calendar::new(3);
    let mut ok = 0;
    for k in 0..300i64 {
        let start = (k * 37) % 1000;
        if c.book(start, start + 50).is_ok() {
            ok += 1;
        }
    }
    for t in (0..1100).step_by(7) {
        assert!(c.load_at(t) <= 3);
    }
    assert_eq!(c.bookings().len(), ok);
    let free = c.available(0, 1100);
    for &(s, e) in &free {
        assert!(s < e);
        assert!(c.load_at(s) < 3 && c.load_at(e - 1) < 3);
    }
    assert_eq!(free.last().map(|f| f.1), Some(1100));
}
