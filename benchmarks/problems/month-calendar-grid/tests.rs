use solution::*;

fn lines(ls: &[&str]) -> String {
    ls.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn february_2021_starts_monday() {
    let expected = lines(&[
        "   February 2021",
        "Mo Tu We Th Fr Sa Su",
        " 1  2  3  4  5  6  7",
        " 8  9 10 11 12 13 14",
        "15 16 17 18 19 20 21",
        "22 23 24 25 26 27 28",
    ]);
    assert_eq!(month_calendar(2021, 2).unwrap(), expected);
}

#[test]
fn september_2024_starts_sunday() {
    let expected = lines(&[
        "   September 2024",
        "Mo Tu We Th Fr Sa Su",
        "                   1",
        " 2  3  4  5  6  7  8",
        " 9 10 11 12 13 14 15",
        "16 17 18 19 20 21 22",
        "23 24 25 26 27 28 29",
        "30",
    ]);
    assert_eq!(month_calendar(2024, 9).unwrap(), expected);
}

#[test]
fn february_2024_leap() {
    let expected = lines(&[
        "   February 2024",
        "Mo Tu We Th Fr Sa Su",
        "          1  2  3  4",
        " 5  6  7  8  9 10 11",
        "12 13 14 15 16 17 18",
        "19 20 21 22 23 24 25",
        "26 27 28 29",
    ]);
    assert_eq!(month_calendar(2024, 2).unwrap(), expected);
}

#[test]
fn title_padding_varies() {
    let may = month_calendar(2024, 5).unwrap();
    assert_eq!(may.lines().next().unwrap(), "      May 2024");
    let jan = month_calendar(12345, 1).unwrap();
    assert_eq!(jan.lines().next().unwrap(), "   January 12345");
}

#[test]
fn structure() {
    let c = month_calendar(2023, 12).unwrap();
    assert!(c.ends_with('\n'));
    assert!(c.lines().all(|l| !l.ends_with(' ')));
    // December 2023 starts on a Friday and spans 5 week lines.
    assert_eq!(c.lines().count(), 2 + 5);
    assert_eq!(c.lines().nth(2).unwrap(), "             1  2  3");
    assert_eq!(c.lines().last().unwrap(), "25 26 27 28 29 30 31");
}

#[test]
fn invalid_month() {
    assert_eq!(month_calendar(2024, 0), None);
    assert_eq!(month_calendar(2024, 13), None);
}
