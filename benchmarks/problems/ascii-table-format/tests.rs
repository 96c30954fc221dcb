use solution::*;

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

fn lines(ls: &[&str]) -> String {
    ls.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn example() {
    let t = format_table(&["name", "qty"], &[row(&["apple", "3"]), row(&["fig", "12"])]);
    assert_eq!(
        t,
        lines(&[
            "+-------+-----+",
            "| name  | qty |",
            "+-------+-----+",
            "| apple |   3 |",
            "| fig   |  12 |",
            "+-------+-----+",
        ])
    );
}

#[test]
fn no_rows() {
    assert_eq!(
        format_table(&["a", "bb"], &[]),
        lines(&["+---+----+", "| a | bb |", "+---+----+"])
    );
    assert_eq!(format_table(&[], &[row(&["x"])]), "");
}

#[test]
fn short_and_long_rows() {
    let t = format_table(&["k", "v"], &[row(&["1"]), row(&["2", "x", "ignored"])]);
    assert_eq!(
        t,
        lines(&[
            "+---+---+",
            "| k | v |",
            "+---+---+",
            "| 1 |   |",
            "| 2 | x |",
            "+---+---+",
        ])
    );
}

#[test]
fn numeric_detection() {
    let t = format_table(
        &["n", "mixed", "neg"],
        &[row(&["10", "1", "-5"]), row(&["7", "1.5", "-"]), row(&["-300", "2", "0"])],
    );
    assert_eq!(
        t,
        lines(&[
            "+------+-------+-----+",
            "| n    | mixed | neg |",
            "+------+-------+-----+",
            "|   10 | 1     | -5  |",
            "|    7 | 1.5   | -   |",
            "| -300 | 2     | 0   |",
            "+------+-------+-----+",
        ])
    );
}

#[test]
fn empty_cell_disables_right_alignment() {
    let t = format_table(&["id"], &[row(&["1"]), row(&[""])]);
    assert_eq!(t, lines(&["+----+", "| id |", "+----+", "| 1  |", "|    |", "+----+"]));
}

#[test]
fn unicode_widths_count_chars() {
    let t = format_table(&["città"], &[row(&["Zürich"]), row(&["東京"])]);
    assert_eq!(
        t,
        lines(&[
            "+--------+",
            "| città  |",
            "+--------+",
            "| Zürich |",
            "| 東京     |",
            "+--------+",
        ])
    );
}
