//! Unit tests of the corpus parser and checks.

use super::*;

fn header(src: &str) -> Result<Header, CorpusError> {
    parse_header(Path::new("small/x.rs"), src)
}

#[test]
fn header_splits_instruction_and_cases() {
    let src = "//! Echo the body.\n//!\n//! Keeps it short.\n//! smoke: {\"request\": {\"method\": \"POST\", \"body\": \"hi\"}, \"status\": 200, \"body\": \"hi\"}\n//!\n//! smoke: {\"request\": {}, \"status\": 200, \"like\": \"*\"}\n#![no_std]\n";
    let h = header(src).unwrap();
    assert_eq!(h.instruction, "Echo the body.\n\nKeeps it short.");
    assert_eq!(h.cases.len(), 2);
    assert_eq!(h.cases[0].line, 4);
    assert_eq!(h.cases[1].line, 6);
    assert_eq!(&src[h.code_start..], "#![no_std]\n");
    let Case::Request(c) = &h.cases[0].case else {
        panic!("request case")
    };
    assert_eq!(c.request.method, "POST");
    assert_eq!(c.request.path, "/");
    assert!(c.request.payment.is_none());
    let Case::Request(c) = &h.cases[1].case else {
        panic!("request case")
    };
    assert_eq!(c.request.method, "GET", "method defaults to GET");
}

#[test]
fn header_errors_name_the_line() {
    let e = header("//! Hi.\n//! smoke: {\"request\": {}, \"status\": 200\n").unwrap_err();
    assert!(matches!(e, CorpusError::BadCase { line: 2, .. }), "{e}");
    assert!(
        e.to_string()
            .starts_with("small/x.rs:2: bad smoke case: not valid JSON"),
        "{e}"
    );
    let e = header("//! Hi.\n#![no_std]\n").unwrap_err();
    assert!(matches!(e, CorpusError::NoSmokeCase { .. }), "{e}");
    let e = header("//! smoke: {\"request\": {}, \"status\": 200}\n").unwrap_err();
    assert!(matches!(e, CorpusError::NoInstruction { .. }), "{e}");
    let e = header("#![no_std]\n//! Hi.\n").unwrap_err();
    assert!(
        matches!(e, CorpusError::NoInstruction { .. }),
        "header must lead: {e}"
    );
    let e =
        header("//! Hi.\n//! smoke: {\"request\": {}, \"status\": 200}\n//! More.\n").unwrap_err();
    assert!(
        matches!(e, CorpusError::TextAfterCases { line: 3, .. }),
        "{e}"
    );
    let e = header("//! Hi.\n//! smoke: {\"request\": {}, \"status\": 200, \"body\": \"a\", \"like\": \"a\"}\n").unwrap_err();
    assert!(
        e.to_string().contains("at most one of `body` and `like`"),
        "{e}"
    );
    let e = header("//! Hi.\n//! smoke: {\"request\": {\"methd\": \"GET\"}, \"status\": 200}\n")
        .unwrap_err();
    assert!(e.to_string().contains("unknown field `methd`"), "{e}");
    let e = header("//! Hi.\n//! smoke: {\"request\": {}}\n").unwrap_err();
    assert!(e.to_string().contains("missing field `status`"), "{e}");
    let e = header("//! Hi.\n//! smoke: {\"status\": 200}\n").unwrap_err();
    assert!(
        e.to_string()
            .contains("exactly one of `request` or `frame`"),
        "{e}"
    );
    let e =
        header("//! Hi.\n//! smoke: {\"frame\": {\"ticks\": 1}, \"pixels\": [[0, 0, \"red\"]]}\n")
            .unwrap_err();
    assert!(e.to_string().contains("\"red\" is not \"rrggbbaa\""), "{e}");
}

#[test]
fn frame_and_payment_cases_parse() {
    let h = header("//! Draw.\n//! smoke: {\"frame\": {\"ticks\": 3}, \"width\": 64, \"height\": 48, \"pixels\": [[0, 0, \"ff0000ff\"]]}\n//! smoke: {\"request\": {\"payment\": {\"payer\": \"0x1\", \"amount\": \"1000\", \"tx_hash\": \"0x2\", \"network\": \"eip155:42431\", \"asset\": \"0x3\"}}, \"status\": 200}\n").unwrap();
    assert_eq!(
        h.cases[0].case,
        Case::Frame(FrameCase {
            frame: FrameSpec { ticks: 3 },
            width: Some(64),
            height: Some(48),
            pixels: vec![(0, 0, "ff0000ff".into())],
        })
    );
    let Case::Request(c) = &h.cases[1].case else {
        panic!("request case")
    };
    assert_eq!(c.request.payment.as_ref().unwrap().amount, "1000");
}

#[test]
fn like_matches_globs() {
    assert!(like("*", ""));
    assert!(like("a*c", "abbbc"));
    assert!(like("{\"n\":*}", "{\"n\":12}"));
    assert!(like("*x*y", "axxbxy"));
    assert!(!like("a*c", "abcd"));
    assert!(!like("abc", "ab"));
    assert!(!like("a?c", "abc"), "only * is special");
    assert!(like("a?c", "a?c"));
}

#[test]
fn responses_and_frames_are_checked() {
    let case = RequestCase {
        request: CaseRequest::default(),
        status: 200,
        body: None,
        like: Some("{\"n\":*}".into()),
        content_type: Some("application/json".into()),
    };
    let mut response = CartridgeResponse {
        status: 200,
        body: b"{\"n\":3}".to_vec(),
        content_type: "application/json".into(),
    };
    assert!(check_response(&case, &response).is_ok());
    response.content_type = "text/plain".into();
    assert!(
        check_response(&case, &response)
            .unwrap_err()
            .contains("content type")
    );
    response.status = 500;
    assert!(
        check_response(&case, &response)
            .unwrap_err()
            .starts_with("status 500, expected 200")
    );
    let frame = Frame {
        width: 2,
        height: 1,
        rgba: vec![0, 0, 0, 255, 255, 0, 0, 255],
    };
    let mut case = FrameCase {
        frame: FrameSpec { ticks: 0 },
        width: Some(2),
        height: None,
        pixels: vec![(1, 0, "FF0000ff".into())],
    };
    assert!(check_frame(&case, &frame).is_ok());
    case.pixels = vec![(0, 0, "ff0000ff".into())];
    assert_eq!(
        check_frame(&case, &frame).unwrap_err(),
        "pixel (0, 0) is 000000ff, expected ff0000ff"
    );
    case.pixels = vec![(2, 0, "ff0000ff".into())];
    assert!(check_frame(&case, &frame).unwrap_err().contains("outside"));
}

#[test]
fn load_reports_each_bad_file_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let ok = "//! Hi.\n//! smoke: {\"request\": {}, \"status\": 200}\n";
    for (path, text) in [
        ("small/echo.rs", ok),
        ("stateful/echo.rs", ok),
        ("small/Bad_Name.rs", ok),
        ("weird/x.rs", ok),
        ("small/cognitive-x.rs", ok),
        ("small/nocase.rs", "//! Hi.\n"),
    ] {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(dir.path().join("README.md"), "ignored").unwrap();
    let corpus = load(dir.path()).unwrap();
    assert_eq!(corpus.files.len(), 1);
    assert_eq!(corpus.files[0].name(), "small/echo");
    let messages: Vec<String> = corpus.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 5, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("invalid slug \"Bad_Name\""))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("duplicate slug \"echo\""))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown tier \"weird\""))
    );
    assert!(messages.iter().any(|m| m.contains("belong in cognitive/")));
    assert!(
        messages
            .iter()
            .any(|m| m.contains("nocase.rs: no smoke case"))
    );
}
