use solution::*;

#[test]
fn small_numbers() {
    assert_eq!(words_to_number("zero"), Some(0));
    assert_eq!(words_to_number("seven"), Some(7));
    assert_eq!(words_to_number("nineteen"), Some(19));
    assert_eq!(words_to_number("forty-two"), Some(42));
    assert_eq!(words_to_number("ninety"), Some(90));
}

#[test]
fn hundreds_and_scales() {
    assert_eq!(words_to_number("one hundred twenty-three"), Some(123));
    assert_eq!(words_to_number("nine hundred nine"), Some(909));
    assert_eq!(words_to_number("one million forty-two"), Some(1_000_042));
    assert_eq!(words_to_number("twelve thousand seventeen"), Some(12_017));
    assert_eq!(words_to_number("two billion three hundred"), Some(2_000_000_300));
}

#[test]
fn case_insensitive() {
    assert_eq!(words_to_number("One Hundred Twenty-Three"), Some(123));
    assert_eq!(words_to_number("ZERO"), Some(0));
}

#[test]
fn u64_boundaries() {
    assert_eq!(
        words_to_number(
            "eighteen quintillion four hundred forty-six quadrillion seven hundred forty-four trillion \
seventy-three billion seven hundred nine million five hundred fifty-one thousand six hundred fifteen"
        ),
        Some(u64::MAX)
    );
    assert_eq!(
        words_to_number(
            "eighteen quintillion four hundred forty-six quadrillion seven hundred forty-four trillion \
seventy-three billion seven hundred nine million five hundred fifty-one thousand six hundred sixteen"
        ),
        None
    );
    assert_eq!(words_to_number("nineteen quintillion"), None);
    assert_eq!(words_to_number("one quintillion"), Some(1_000_000_000_000_000_000));
}

#[test]
fn non_canonical_rejected() {
    for s in [
        "twenty one",
        "one hundred and five",
        "eleven hundred",
        "one thousand thousand",
        "zero one",
        "one  two",
        " one",
        "one ",
        "",
        "hundred",
        "one hundred zero",
        "twenty-zero",
        "ten-one",
        "forty-",
        "thousand one",
        "one million one billion",
        "one thousand one hundred thousand",
        "twenty-two-two",
        "seventy seven",
        "one-hundred",
    ] {
        assert_eq!(words_to_number(s), None, "{s:?}");
    }
}

#[test]
fn unknown_words() {
    assert_eq!(words_to_number("fourty"), None);
    assert_eq!(words_to_number("a hundred"), None);
    assert_eq!(words_to_number("one gazillion"), None);
}
