use solution::*;

fn gs(groups: &[&[&str]]) -> Vec<Vec<String>> {
    groups.iter().map(|g| g.iter().map(|w| w.to_string()).collect()).collect()
}

#[test]
fn example() {
    assert_eq!(
        group_anagrams(&["tea", "Eat", "tan", "ate", "nat", "bat"]),
        gs(&[&["tea", "Eat", "ate"], &["tan", "nat"], &["bat"]])
    );
}

#[test]
fn order_of_first_appearance() {
    assert_eq!(
        group_anagrams(&["zoo", "abc", "ooz", "cab", "m"]),
        gs(&[&["zoo", "ooz"], &["abc", "cab"], &["m"]])
    );
}

#[test]
fn case_insensitive_keys_keep_original_words() {
    assert_eq!(
        group_anagrams(&["Listen", "silent", "ENLIST", "google"]),
        gs(&[&["Listen", "silent", "ENLIST"], &["google"]])
    );
}

#[test]
fn duplicates_and_empty_words() {
    assert_eq!(
        group_anagrams(&["ab", "", "ba", "ab", ""]),
        gs(&[&["ab", "ba", "ab"], &["", ""]])
    );
    assert_eq!(group_anagrams(&[]), Vec::<Vec<String>>::new());
}

#[test]
fn multiplicity_matters_and_unicode() {
    assert_eq!(
        group_anagrams(&["aab", "abb", "bab", "Ölé", "élö"]),
        gs(&[&["aab"], &["abb", "bab"], &["Ölé", "élö"]])
    );
}
