use solution::*;

#[test]
fn zero_and_small() {
    assert_eq!(number_to_words(0), "zero");
    assert_eq!(number_to_words(7), "seven");
    assert_eq!(number_to_words(13), "thirteen");
    assert_eq!(number_to_words(19), "nineteen");
}

#[test]
fn tens_and_hyphens() {
    assert_eq!(number_to_words(20), "twenty");
    assert_eq!(number_to_words(42), "forty-two");
    assert_eq!(number_to_words(99), "ninety-nine");
    assert_eq!(number_to_words(80), "eighty");
}

#[test]
fn hundreds_without_and() {
    assert_eq!(number_to_words(100), "one hundred");
    assert_eq!(number_to_words(115), "one hundred fifteen");
    assert_eq!(number_to_words(909), "nine hundred nine");
    assert_eq!(number_to_words(999), "nine hundred ninety-nine");
}

#[test]
fn zero_groups_are_skipped() {
    assert_eq!(number_to_words(1_000), "one thousand");
    assert_eq!(number_to_words(1_000_042), "one million forty-two");
    assert_eq!(number_to_words(2_000_000_300), "two billion three hundred");
    assert_eq!(number_to_words(1_000_000_000_000_000_000), "one quintillion");
}

#[test]
fn mixed_groups() {
    assert_eq!(
        number_to_words(123_456_789),
        "one hundred twenty-three million four hundred fifty-six thousand seven hundred eighty-nine"
    );
    assert_eq!(number_to_words(12_017), "twelve thousand seventeen");
}

#[test]
fn u64_max() {
    assert_eq!(
        number_to_words(u64::MAX),
        "eighteen quintillion four hundred forty-six quadrillion seven hundred forty-four trillion \
seventy-three billion seven hundred nine million five hundred fifty-one thousand six hundred fifteen"
    );
}
