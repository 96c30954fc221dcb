use solution::*;

#[test]
fn basic_slug() {
    assert_eq!(slugify("Hello, World! 2024", 100), "hello-world-2024");
    assert_eq!(slugify("Rust   is   FUN", 100), "rust-is-fun");
}

#[test]
fn trims_and_collapses_separators() {
    assert_eq!(slugify("  --Hello__World!!  ", 100), "hello-world");
    assert_eq!(slugify("!!!", 100), "");
    assert_eq!(slugify("", 10), "");
}

#[test]
fn non_ascii_are_separators() {
    assert_eq!(slugify("Crème brûlée", 100), "cr-me-br-l-e");
    assert_eq!(slugify("naïve café 2", 100), "na-ve-caf-2");
}

#[test]
fn exact_length_is_kept() {
    assert_eq!(slugify("Hello World", 11), "hello-world");
}

#[test]
fn cut_at_boundary() {
    assert_eq!(slugify("Hello World Again", 11), "hello-world");
    assert_eq!(slugify("Hello World Again", 5), "hello");
}

#[test]
fn cut_inside_word_drops_partial_word() {
    assert_eq!(slugify("Hello World Again", 12), "hello-world");
    assert_eq!(slugify("Hello World Again", 16), "hello-world");
    assert_eq!(slugify("Hello World Again", 8), "hello");
    assert_eq!(slugify("Hello World Again", 6), "hello");
}

#[test]
fn hard_cut_of_first_word() {
    assert_eq!(slugify("Hello World Again", 3), "hel");
    assert_eq!(slugify("Supercalifragilistic", 5), "super");
    assert_eq!(slugify("Hello", 0), "");
}
