use solution::*;

fn person(records: &[usize], names: &[&str], phones: &[&str]) -> Person {
    Person {
        records: records.to_vec(),
        names: names.iter().map(|s| s.to_string()).collect(),
        phones: phones.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn example_from_statement() {
    let recs = vec![
        ("Ann", vec!["555-1234"]),
        ("Bob", vec!["555 9999"]),
        ("Anna", vec!["5551234", "(555) 7777"]),
    ];
    assert_eq!(
        merge_records(&recs),
        vec![
            person(&[0, 2], &["Ann", "Anna"], &["5551234", "5557777"]),
            person(&[1], &["Bob"], &["5559999"]),
        ]
    );
}

#[test]
fn empty_input() {
    assert_eq!(merge_records(&[]), vec![]);
}

#[test]
fn transitive_chain_merges_everything() {
    let recs = vec![
        ("A", vec!["1"]),
        ("B", vec!["2"]),
        ("C", vec!["3"]),
        ("D", vec!["3", "2"]),
        ("E", vec!["1", "+3"]),
    ];
    assert_eq!(
        merge_records(&recs),
        vec![person(&[0, 1, 2, 3, 4], &["A", "B", "C", "D", "E"], &["1", "2", "3"])]
    );
}

#[test]
fn same_name_does_not_merge_and_names_deduplicate() {
    let recs = vec![
        ("Sam", vec!["100"]),
        ("Sam", vec!["200"]),
        ("Sam", vec!["1-0-0"]),
        ("sam ", vec!["(100)"]),
    ];
    assert_eq!(
        merge_records(&recs),
        vec![
            person(&[0, 2, 3], &["Sam", "sam "], &["100"]),
            person(&[1], &["Sam"], &["200"]),
        ]
    );
}

#[test]
fn numbers_without_digits_are_ignored() {
    let recs = vec![
        ("X", vec!["n/a", ""]),
        ("Y", vec!["n/a"]),
        ("Z", vec![]),
        ("W", vec!["--", "42"]),
    ];
    assert_eq!(
        merge_records(&recs),
        vec![
            person(&[0], &["X"], &[]),
            person(&[1], &["Y"], &[]),
            person(&[2], &["Z"], &[]),
            person(&[3], &["W"], &["42"]),
        ]
    );
}

#[test]
fn leading_zeros_matter_and_order_is_by_first_record() {
    let recs = vec![
        ("P", vec!["0123"]),
        ("Q", vec!["123"]),
        ("R", vec!["9"]),
        ("S", vec!["123", "9"]),
        ("T", vec!["0-1-2-3"]),
    ];
    assert_eq!(
        merge_records(&recs),
        vec![
            person(&[0, 4], &["P", "T"], &["0123"]),
            person(&[1, 2, 3], &["Q", "R", "S"], &["123", "9"]),
        ]
    );
}

#[test]
fn many_records_in_two_interleaved_chains() {
    let phones: Vec<String> = (0..400).map(|i| format!("{i}")).collect();
    // record i holds phone i and phone i+2: evens chain together, odds chain together
    let recs: Vec<(&str, Vec<&str>)> = (0..398)
        .map(|i| (if i % 2 == 0 { "even" } else { "odd" }, vec![phones[i].as_str(), phones[i + 2].as_str()]))
        .collect();
    let people = merge_records(&recs);
    assert_eq!(people.len(), 2);
    assert_eq!(people[0].records, (0..398).step_by(2).collect::<Vec<_>>());
    assert_eq!(people[1].records, (1..398).step_by(2).collect::<Vec<_>>());
    assert_eq!(people[0].names, vec!["even".to_string()]);
    assert_eq!(people[0].phones.len(), 200);
    assert_eq!(people[0].phones[0], "0");
    assert_eq!(people[0].phones[1], "10");
}
