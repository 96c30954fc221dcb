use solution::*;

#[test]
fn basic_minor_words() {
    assert_eq!(title_case("the lord of the rings"), "The Lord of the Rings");
    assert_eq!(title_case("a tale OF two cities"), "A Tale of Two Cities");
    assert_eq!(title_case("war AND peace"), "War and Peace");
}

#[test]
fn first_and_last_words_are_never_minor() {
    assert_eq!(title_case("what is it for"), "What Is It For");
    assert_eq!(title_case("of mice and men"), "Of Mice and Men");
    assert_eq!(title_case("the"), "The");
}

#[test]
fn after_colon_is_capitalised() {
    assert_eq!(title_case("star wars: a new hope"), "Star Wars: A New Hope");
    assert_eq!(title_case("rust: the book"), "Rust: The Book");
}

#[test]
fn rest_of_word_is_kept() {
    assert_eq!(title_case("iPhone and NASA rockets"), "IPhone and NASA Rockets");
    assert_eq!(title_case("mcDonald's menu"), "McDonald's Menu");
    assert_eq!(title_case("élan and verve"), "élan and Verve");
}

#[test]
fn punctuation_around_words() {
    assert_eq!(title_case("(the) end of \"the\" story"), "(The) End of \"the\" Story");
    assert_eq!(title_case("don't stop -- believing"), "Don't Stop -- Believing");
    assert_eq!(title_case("...and then"), "...And Then");
}

#[test]
fn whitespace_preserved() {
    assert_eq!(title_case("  spaced \t out  in\nlines "), "  Spaced \t Out  in\nLines ");
    assert_eq!(title_case(""), "");
    assert_eq!(title_case("   "), "   ");
}
