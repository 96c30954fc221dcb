use solution::*;
use Edit::*;

const UNIT: Costs = Costs { insert: 1, delete: 1, substitute: 1 };

fn apply(from: &str, script: &[Edit]) -> String {
    let mut src = from.chars();
    let mut out = String::new();
    for e in script {
        match *e {
            Keep(c) => {
                assert_eq!(src.next(), Some(c));
                out.push(c);
            }
            Substitute(o, n) => {
                assert_ne!(o, n);
                assert_eq!(src.next(), Some(o));
                out.push(n);
            }
            Delete(c) => assert_eq!(src.next(), Some(c)),
            Insert(c) => out.push(c),
        }
    }
    assert_eq!(src.next(), None);
    out
}

#[test]
fn examples_from_statement() {
    assert_eq!(
        edit_script("cat", "cut", UNIT),
        (1, vec![Keep('c'), Substitute('a', 'u'), Keep('t')])
    );
    let c = Costs { insert: 1, delete: 1, substitute: 5 };
    assert_eq!(
        edit_script("cat", "cut", c),
        (2, vec![Keep('c'), Insert('u'), Delete('a'), Keep('t')])
    );
}

#[test]
fn empty_strings() {
    assert_eq!(edit_script("", "", UNIT), (0, vec![]));
    let c = Costs { insert: 3, delete: 7, substitute: 1 };
    assert_eq!(edit_script("ab", "", c), (14, vec![Delete('a'), Delete('b')]));
    assert_eq!(edit_script("", "xy", c), (6, vec![Insert('x'), Insert('y')]));
}

#[test]
fn ties_prefer_substitute_then_delete() {
    // "ab" -> "ba": keep-based script costs 2 (delete a, keep b, insert a) as does two substitutions
    assert_eq!(
        edit_script("ab", "ba", UNIT),
        (2, vec![Substitute('a', 'b'), Substitute('b', 'a')])
    );
    // substitution costs exactly delete+insert: the backtrack prefers Substitute at the end
    let c = Costs { insert: 1, delete: 1, substitute: 2 };
    assert_eq!(edit_script("a", "b", c), (2, vec![Substitute('a', 'b')]));
    // with a too expensive substitution: Delete is found first while walking back,
    // so the script ends with the deletion
    let c = Costs { insert: 1, delete: 1, substitute: 3 };
    assert_eq!(edit_script("a", "b", c), (2, vec![Insert('b'), Delete('a')]));
}

#[test]
fn keep_is_preferred_when_optimal() {
    let (cost, script) = edit_script("aaa", "aa", UNIT);
    assert_eq!(cost, 1);
    assert_eq!(script, vec![Delete('a'), Keep('a'), Keep('a')]);
}

#[test]
fn asymmetric_costs() {
    let c = Costs { insert: 10, delete: 1, substitute: 4 };
    // cheaper to substitute than to insert
    assert_eq!(edit_script("kitten", "sitting", c).0, 4 + 4 + 10);
    let (cost, script) = edit_script("kitten", "sitting", c);
    assert_eq!(cost, 18);
    assert_eq!(apply("kitten", &script), "sitting");
    assert_eq!(
        script,
        vec![
            Substitute('k', 's'),
            Keep('i'),
            Keep('t'),
            Keep('t'),
            Substitute('e', 'i'),
            Keep('n'),
            Insert('g'),
        ]
    );
}

#[test]
fn unicode_characters_count_as_one() {
    let (cost, script) = edit_script("naïve", "naive", UNIT);
    assert_eq!(cost, 1);
    assert_eq!(script[2], Substitute('ï', 'i'));
    assert_eq!(script.len(), 5);
    let (cost, _) = edit_script("日本語", "日本", UNIT);
    assert_eq!(cost, 1);
}

#[test]
fn scripts_are_consistent_with_cost() {
    let c = Costs { insert: 2, delete: 3, substitute: 4 };
    let pairs = [
        ("intention", "execution"),
        ("sunday", "saturday"),
        ("abcdef", "azced"),
        ("", "abc"),
        ("same", "same"),
    ];
    let expected = [17, 8, 11, 6, 0];
    for ((a, b), want) in pairs.iter().zip(expected) {
        let (cost, script) = edit_script(a, b, c);
        assert_eq!(cost, want, "{a} -> {b}");
        assert_eq!(apply(a, &script), *b);
        let total: u64 = script
            .iter()
            .map(|e| match e {
                Keep(_) => 0,
                Substitute(..) => 4,
                Delete(_) => 3,
                Insert(_) => 2,
            })
            .sum();
        assert_eq!(total, cost);
    }
}

#[test]
fn long_strings_are_fast_enough() {
    let a: String = (0..600).map(|i| (b'a' + (i * 7 % 26) as u8) as char).collect();
    let b: String = (0..650).map(|i| (b'a' + (i * 11 % 26) as u8) as char).collect();
    let (cost, script) = edit_script(&a, &b, UNIT);
    assert_eq!(apply(&a, &script), b);
    assert!(cost >= 50 && cost <= 650);
}
