//! `x402-node cartridge verify-corpus` as a user runs it: the real binary, a real cargo build
//! to wasm32, the real engine. A corpus with a passing cartridge of every tier, a file that
//! does not compile, a smoke case the cartridge fails, and a bad header: each is reported on
//! its own line, the others still pass, and the exit code says whether all passed.

use std::path::Path;

/// The tool's examples in the repository's corpus, one per tier.
const EXAMPLES: &[&str] = &[
    "small/echo",
    "stateful/visit-counter",
    "paid/tip-jar",
    "composed/shout",
    "interactive/bouncing-pixel",
    "cognitive/cognitive-max",
];

/// Copies the examples from the repository's corpus into `to`.
fn copy_examples(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../training_data/cartridges");
    for name in EXAMPLES {
        let file = format!("{name}.rs");
        std::fs::create_dir_all(to.join(&file).parent().unwrap()).unwrap();
        std::fs::copy(repo.join(&file), to.join(&file)).unwrap();
    }
}

/// Runs verify-corpus on `dir` with `build`; returns the exit code and stdout.
fn verify(dir: &Path, build: &Path) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["cartridge", "verify-corpus"])
        .arg(dir)
        .arg("--build-dir")
        .arg(build)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    (
        out.status.code().unwrap_or(-1),
        format!("{stdout}\n--- stderr:\n{stderr}"),
    )
}

/// The report's line about `name`.
fn line_of<'a>(report: &'a str, name: &str) -> &'a str {
    report
        .lines()
        .find(|l| {
            l.starts_with(&format!("ok   {name} (")) || l.starts_with(&format!("FAIL {name}: "))
        })
        .unwrap_or_else(|| panic!("no line for {name} in:\n{report}"))
}

const ECHO: &str = include_str!("../../training_data/cartridges/small/echo.rs");

#[test]
fn verify_corpus_reports_each_file_and_exits_nonzero_on_any_failure() {
    let root = tempfile::tempdir().unwrap();
    let corpus = root.path().join("cartridges");
    let build = root.path().join("build");
    copy_examples(&corpus);
    let examples = EXAMPLES.len();
    // Another passing cartridge, which the second run breaks.
    let later = corpus.join("small/later-broken.rs");
    std::fs::write(&later, ECHO).unwrap();

    let (code, report) = verify(&corpus, &build);
    assert_eq!(code, 0, "{report}");
    for name in EXAMPLES.iter().copied().chain(["small/later-broken"]) {
        assert!(line_of(&report, name).starts_with("ok   "), "{report}");
    }
    assert!(line_of(&report, "small/echo").starts_with("ok   small/echo (3 cases, "));
    assert!(
        report.contains(&format!("\n{} passed, 0 failed\n", examples + 1)),
        "{report}"
    );

    // Break things: a compile error in a file that built before (its old module must not
    // pass for it), a case the cartridge fails, a header that is not valid JSON.
    std::fs::write(
        &later,
        ECHO.replace(
            "fn respond(status: i32, body: &[u8]) {",
            "fn respond(status: i32, body: &[u8]) -> u32 {",
        ),
    )
    .unwrap();
    std::fs::write(
        corpus.join("small/wrong-answer.rs"),
        ECHO.replacen(
            "\"body\": \"hello corpus\", \"content_type\"",
            "\"body\": \"goodbye\", \"content_type\"",
            1,
        ),
    )
    .unwrap();
    std::fs::write(
        corpus.join("stateful/bad-header.rs"),
        "//! Count things.\n//! smoke: {\"request\": {}, \"status\": 200,}\n#![no_std]\n",
    )
    .unwrap();

    let (code, report) = verify(&corpus, &build);
    assert_eq!(code, 1, "{report}");
    let broken = line_of(&report, "small/later-broken");
    assert!(
        broken.starts_with("FAIL small/later-broken: does not compile:"),
        "{report}"
    );
    assert!(
        report.contains(&format!("{}:", later.display())),
        "compiler errors point at the corpus file: {report}"
    );
    assert_eq!(
        line_of(&report, "small/wrong-answer"),
        "FAIL small/wrong-answer: case 1 (line 3): body \"hello corpus\", expected \"goodbye\"",
        "{report}"
    );
    let bad = line_of(&report, "stateful/bad-header");
    assert!(
        bad.contains(&format!(
            "{}:2: bad smoke case: not valid JSON",
            corpus.join("stateful/bad-header.rs").display()
        )),
        "{report}"
    );
    // The others still pass, composed calls included.
    for name in ["small/echo", "composed/shout", "interactive/bouncing-pixel"] {
        assert!(line_of(&report, name).starts_with("ok   "), "{report}");
    }
    assert!(
        report.contains(&format!("\n{} passed, 3 failed\n", examples)),
        "{report}"
    );
}

#[test]
fn an_empty_or_missing_corpus_is_an_error_not_a_pass() {
    let root = tempfile::tempdir().unwrap();
    let (code, report) = verify(&root.path().join("nope"), &root.path().join("build"));
    assert_ne!(code, 0, "{report}");
    let (code, report) = verify(root.path(), &root.path().join("build"));
    assert_ne!(code, 0, "{report}");
    assert!(report.contains("no corpus files"), "{report}");
}
