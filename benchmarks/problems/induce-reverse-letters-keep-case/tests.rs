use solution::*;

#[test]
fn words_in_sentence() {
    assert_eq!(transform("The quick Brown fox"), "Eht kciuq Nworb xof");
}

#[test]
fn case_stays_in_place() {
    assert_eq!(transform("iPhone"), "eNohpi");
    assert_eq!(transform("AbCdEf"), "FeDcBa");
    assert_eq!(transform("NASA rocks"), "ASAN skcor");
}

#[test]
fn punctuation_splits_words() {
    assert_eq!(transform("don't-stop"), "nod't-pots");
}

#[test]
fn no_letters() {
    assert_eq!(transform("...!!!"), "...!!!");
    assert_eq!(transform(""), "");
}

#[test]
fn leading_spaces_kept() {
    assert_eq!(transform("  lead"), "  dael");
}
