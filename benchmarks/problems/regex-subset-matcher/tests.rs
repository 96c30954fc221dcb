use solution::*;

fn re(p: &str) -> Regex {
    match Regex::new(p) {
        Ok(r) => r,
        Err(e) => panic!("pattern {p:?} failed to compile: {e:?}"),
    }
}

fn err(p: &str) -> Option<RegexError> {
    Regex::new(p).err()
}

#[test]
fn literals_and_whole_match() {
    let r = re("abc");
    assert!(r.is_match("abc"));
    assert!(!r.is_match("abcd"));
    assert!(!r.is_match("xabc"));
    assert!(!r.is_match(""));
    assert!(re("").is_match(""));
    assert!(!re("").is_match("a"));
    assert!(re("a{2}^$]").is_match("a{2}^$]"));
}

#[test]
fn quantifiers() {
    let r = re("ab*c+d?");
    for t in ["ac", "abc", "abbbccc", "acd", "abbccd"] {
        assert!(r.is_match(t), "{t}");
    }
    for t in ["ab", "a", "abd", "acdd", "bc"] {
        assert!(!r.is_match(t), "{t}");
    }
    assert!(re("colou?r").is_match("color"));
    assert!(re("colou?r").is_match("colour"));
    assert!(!re("colou?r").is_match("colouur"));
}

#[test]
fn alternation_and_groups() {
    let r = re("(cat|dog)s?|bird");
    for t in ["cat", "dogs", "bird", "cats"] {
        assert!(r.is_match(t), "{t}");
    }
    for t in ["birds", "catdog", "", "ca"] {
        assert!(!r.is_match(t), "{t}");
    }
    let r = re("a(|b)c");
    assert!(r.is_match("ac") && r.is_match("abc") && !r.is_match("abbc"));
    assert!(re("a|").is_match("") && re("a|").is_match("a"));
    assert!(re("()*x()").is_match("x"));
    assert!(re("(ab)+").is_match("ababab") && !re("(ab)+").is_match("aba"));
}

#[test]
fn dot_escapes_and_unicode() {
    assert!(re("a.c").is_match("a\nc"));
    assert!(re("a.c").is_match("aéc"));
    assert!(!re("a.c").is_match("ac"));
    assert!(re(r"1\.5\*\\").is_match(r"1.5*\"));
    assert!(!re(r"1\.5").is_match("1x5"));
    assert!(re(r"\a\(").is_match("a("));
    assert!(re("ü+ß").is_match("üüüß"));
    assert_eq!(re("é+").find("xxéé!"), Some((2, 6)));
}

#[test]
fn classes() {
    let r = re("[a-cx]+");
    assert!(r.is_match("abcxcba") && !r.is_match("abd"));
    let r = re("[^0-9]");
    assert!(r.is_match("a") && r.is_match("é") && !r.is_match("5"));
    assert!(re("[-a]+").is_match("-a-") && re("[a-]+").is_match("a--"));
    assert!(re(r"[\]\\]+").is_match(r"]\]"));
    assert!(re(r"[\^a]").is_match("^"));
    assert!(re("[.*]+").is_match("*.") && !re("[.*]").is_match("a"));
    assert!(!re("[]").is_match("a") && !re("[]").is_match(""));
    assert!(re("[^]").is_match("q") && !re("[^]").is_match(""));
    assert!(re("[α-ω]+").is_match("λμ") && !re("[α-ω]").is_match("a"));
    assert!(re("[a-c-e]+").is_match("b-e") && !re("[a-c-e]").is_match("d"));
}

#[test]
fn compile_errors() {
    assert_eq!(err("(ab"), Some(RegexError::UnbalancedParen));
    assert_eq!(err("ab)"), Some(RegexError::UnbalancedParen));
    assert_eq!(err("a|)"), Some(RegexError::UnbalancedParen));
    assert_eq!(err("((a)"), Some(RegexError::UnbalancedParen));
    assert_eq!(err("*a"), Some(RegexError::DanglingQuantifier));
    assert_eq!(err("a**"), Some(RegexError::DanglingQuantifier));
    assert_eq!(err("a+?"), Some(RegexError::DanglingQuantifier));
    assert_eq!(err("(?a)"), Some(RegexError::DanglingQuantifier));
    assert_eq!(err("a|+"), Some(RegexError::DanglingQuantifier));
    assert_eq!(err("[abc"), Some(RegexError::UnterminatedClass));
    assert_eq!(err("[a-"), Some(RegexError::UnterminatedClass));
    assert_eq!(err("[^"), Some(RegexError::UnterminatedClass));
    assert_eq!(err("ab\\"), Some(RegexError::TrailingEscape));
    assert_eq!(err("[ab\\"), Some(RegexError::TrailingEscape));
    assert_eq!(err("[z-a]"), Some(RegexError::InvalidRange));
    // the first problem from the left wins
    assert_eq!(err("a)[z-a]"), Some(RegexError::UnbalancedParen));
    assert_eq!(err("[z-a](b"), Some(RegexError::InvalidRange));
    assert_eq!(err("(a**"), Some(RegexError::DanglingQuantifier));
    assert_eq!(err("(a\\"), Some(RegexError::TrailingEscape));
    assert!(err(r"\*\+\?\(\)\[\|").is_none());
}

#[test]
fn find_leftmost_longest() {
    assert_eq!(re("[a-c]+x").find("zzbcax ax"), Some((2, 6)));
    assert_eq!(re("a|ab").find("xab"), Some((1, 3)));
    assert_eq!(re("(a|ab)(c|bcd)").find("abcd"), Some((0, 4)));
    assert_eq!(re("b+").find("abbbcbb"), Some((1, 4)));
    assert_eq!(re("x").find("abc"), None);
    assert_eq!(re("a*").find("baa"), Some((0, 0)));
    assert_eq!(re("a*").find(""), Some((0, 0)));
    assert_eq!(re("c?$").find("ab"), None);
    assert_eq!(re("b?").find("ab"), Some((0, 0)));
}

#[test]
fn find_all_matches() {
    assert_eq!(re("a*").find_all("baa"), vec![(0, 0), (1, 3), (3, 3)]);
    assert_eq!(re("[0-9]+").find_all("a1b22c333"), vec![(1, 2), (3, 5), (6, 9)]);
    assert_eq!(re("ab|a").find_all("aab ab"), vec![(0, 1), (1, 3), (4, 6)]);
    assert_eq!(re("z").find_all("abc"), Vec::<(usize, usize)>::new());
    assert_eq!(re("é?").find_all("aé"), vec![(0, 0), (1, 3), (3, 3)]);
    assert_eq!(re("").find_all(""), vec![(0, 0)]);
    assert_eq!(re("aa").find_all("aaaaa"), vec![(0, 2), (2, 4)]);
}

#[test]
fn no_catastrophic_backtracking() {
    let many_a = "a".repeat(40);
    assert!(!re("(a*)*b").is_match(&many_a));
    assert!(!re("(a|aa)*c").is_match(&many_a));
    assert!(re("(a|aa)*").is_match(&many_a));
    assert_eq!(re("(a?)*(a*)*b").find(&many_a), None);
    assert!(re("(x*)*").is_match(""));
    assert!(re("(()|a)+").is_match("aaa"));
    let text = format!("{many_a}b");
    assert_eq!(re("(a|a)*b").find(&text), Some((0, 41)));
}
