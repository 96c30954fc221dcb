use solution::*;

#[test]
fn example() {
    assert_eq!(
        text_stats("Hi there! How are you?\nFine."),
        TextStats { chars: 28, lines: 2, words: 6, sentences: 3, longest_word: Some("there".to_string()) }
    );
}

#[test]
fn empty_text() {
    assert_eq!(
        text_stats(""),
        TextStats { chars: 0, lines: 0, words: 0, sentences: 0, longest_word: None }
    );
    assert_eq!(
        text_stats(" ... !! -- "),
        TextStats { chars: 11, lines: 1, words: 0, sentences: 0, longest_word: None }
    );
}

#[test]
fn lines_follow_str_lines() {
    assert_eq!(text_stats("a\nb\n").lines, 2);
    assert_eq!(text_stats("a\r\nb").lines, 2);
    assert_eq!(text_stats("\n\n").lines, 2);
    assert_eq!(text_stats("one line").lines, 1);
}

#[test]
fn words_need_alphanumerics() {
    let s = text_stats("- hello -- world 42 ... ok!");
    assert_eq!(s.words, 4);
}

#[test]
fn sentences_split_on_each_terminator() {
    assert_eq!(text_stats("Wait... what?! Really").sentences, 3);
    assert_eq!(text_stats("No terminator at all").sentences, 1);
    assert_eq!(text_stats("3.14 is pi.").sentences, 2);
    assert_eq!(text_stats("?!.").sentences, 0);
}

#[test]
fn longest_word_rules() {
    assert_eq!(text_stats("\"Quoted!!\" word").longest_word, Some("Quoted".to_string()));
    assert_eq!(text_stats("abc def ghi").longest_word, Some("abc".to_string()));
    assert_eq!(text_stats("ab (cd) e-f-g").longest_word, Some("e-f-g".to_string()));
    assert_eq!(text_stats("naïve café").longest_word, Some("naïve".to_string()));
}

#[test]
fn unicode_counts() {
    let s = text_stats("日本語 テキスト。");
    assert_eq!(s.chars, 9);
    assert_eq!(s.words, 2);
    assert_eq!(s.longest_word, Some("テキスト".to_string()));
    assert_eq!(s.sentences, 1);
}
