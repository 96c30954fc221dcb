use solution::*;

#[test]
fn distance_basics() {
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", ""), 0);
    assert_eq!(edit_distance("abc", ""), 3);
    assert_eq!(edit_distance("", "abcd"), 4);
    assert_eq!(edit_distance("flaw", "lawn"), 2);
    assert_eq!(edit_distance("same", "same"), 0);
}

#[test]
fn distance_is_case_sensitive_and_symmetric() {
    assert_eq!(edit_distance("Rust", "rust"), 1);
    assert_eq!(edit_distance("intention", "execution"), 5);
    assert_eq!(edit_distance("execution", "intention"), 5);
}

#[test]
fn distance_counts_chars() {
    assert_eq!(edit_distance("café", "cafe"), 1);
    assert_eq!(edit_distance("日本語", "日本"), 1);
    assert_eq!(edit_distance("ab", "ba"), 2);
}

#[test]
fn suggest_orders_by_distance_then_input_order() {
    assert_eq!(
        suggest("stauts", &["status", "stash", "start", "stats"], 2),
        vec!["stats", "status", "start"]
    );
    assert_eq!(suggest("cat", &["bat", "cut", "cast", "cat"], 1), vec!["cat", "bat", "cut", "cast"]);
}

#[test]
fn suggest_filters_and_dedups() {
    assert_eq!(suggest("push", &["pull", "push", "pull", "fetch"], 2), vec!["push", "pull"]);
    assert_eq!(suggest("zzz", &["commit", "merge"], 2), Vec::<&str>::new());
    assert_eq!(suggest("x", &[], 5), Vec::<&str>::new());
}

#[test]
fn suggest_zero_distance_only_exact() {
    assert_eq!(suggest("log", &["Log", "log", "logs"], 0), vec!["log"]);
}
