use solution::*;

fn ok(v: &[&str]) -> Result<Vec<String>, SlotError> {
    Ok(v.iter().map(|s| s.to_string()).collect())
}

fn bad(s: &str) -> Result<Vec<String>, SlotError> {
    Err(SlotError::BadInterval(s.to_string()))
}

#[test]
fn example_from_statement() {
    let cals = vec![vec!["09:00-10:30", "12:00-13:00"], vec!["10:00-11:00", "15:30-16:00"]];
    assert_eq!(
        common_free_slots(&cals, "09:00-17:00", 30),
        ok(&["11:00-12:00", "13:00-15:30", "16:00-17:00"])
    );
    assert_eq!(common_free_slots(&cals, "09:00-17:00", 90), ok(&["13:00-15:30"]));
}

#[test]
fn no_calendars_whole_day_free() {
    assert_eq!(common_free_slots(&[], "08:15-12:45", 0), ok(&["08:15-12:45"]));
    assert_eq!(common_free_slots(&[vec![]], "00:00-24:00", 1440), ok(&["00:00-24:00"]));
    assert_eq!(common_free_slots(&[], "00:00-24:00", 1441), ok(&[]));
}

#[test]
fn adjacent_and_overlapping_busy_blocks() {
    let cals = vec![
        vec!["10:00-11:00", "09:00-10:00"],
        vec!["10:30-12:00", "11:00-11:15"],
        vec!["13:00-13:01"],
    ];
    assert_eq!(
        common_free_slots(&cals, "09:00-14:00", 0),
        ok(&["12:00-13:00", "13:01-14:00"])
    );
    assert_eq!(common_free_slots(&cals, "09:00-14:00", 60), ok(&["12:00-13:00"]));
}

#[test]
fn busy_time_outside_working_hours_is_clipped() {
    let cals = vec![vec!["07:00-09:30", "16:45-23:00"], vec!["00:00-08:00", "12:00-12:30"]];
    assert_eq!(
        common_free_slots(&cals, "09:00-17:00", 15),
        ok(&["09:30-12:00", "12:30-16:45"])
    );
    // entirely busy day
    let full = vec![vec!["00:00-24:00"]];
    assert_eq!(common_free_slots(&full, "09:00-17:00", 0), ok(&[]));
    // nested intervals: a long one containing a short one
    let nested = vec![vec!["09:00-15:00"], vec!["10:00-11:00"]];
    assert_eq!(common_free_slots(&nested, "08:00-16:00", 0), ok(&["08:00-09:00", "15:00-16:00"]));
}

#[test]
fn end_of_day_formatting() {
    let cals = vec![vec!["22:00-23:30"]];
    assert_eq!(
        common_free_slots(&cals, "21:00-24:00", 10),
        ok(&["21:00-22:00", "23:30-24:00"])
    );
}

#[test]
fn invalid_intervals() {
    assert_eq!(common_free_slots(&[], "9:00-17:00", 0), bad("9:00-17:00"));
    assert_eq!(common_free_slots(&[], "17:00-09:00", 0), bad("17:00-09:00"));
    assert_eq!(common_free_slots(&[], "09:00-09:00", 0), bad("09:00-09:00"));
    assert_eq!(common_free_slots(&[], "09:00-24:01", 0), bad("09:00-24:01"));
    assert_eq!(common_free_slots(&[], "09:60-10:00", 0), bad("09:60-10:00"));
    assert_eq!(common_free_slots(&[], "09:00 - 10:00", 0), bad("09:00 - 10:00"));
    assert_eq!(common_free_slots(&[], "09:00–10:00", 0), bad("09:00–10:00"));
    assert_eq!(common_free_slots(&[], "25:00-26:00", 0), bad("25:00-26:00"));
}

#[test]
fn first_invalid_text_wins() {
    let cals = vec![vec!["10:00-11:00", "11:00-1x:00"], vec!["aa"]];
    assert_eq!(common_free_slots(&cals, "09:00-17:00", 0), bad("11:00-1x:00"));
    assert_eq!(common_free_slots(&cals, "09:00-0", 0), bad("09:00-0"));
    let cals = vec![vec![], vec!["12:00-11:00", "x"]];
    assert_eq!(common_free_slots(&cals, "09:00-17:00", 0), bad("12:00-11:00"));
}
