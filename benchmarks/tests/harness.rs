//! The harness on fixture problems, with real cargo in the real sandbox: pass, failing tests by
//! name, compile errors, and hostile candidates (infinite loop, unbounded allocation, a socket to
//! a listener of this test, a write outside the run dir, an early `exit(0)`, a compiler hang).

use std::io::ErrorKind;
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use x402_benchmarks::harness::Event;
use x402_benchmarks::{Harness, HarnessConfig, Outcome, Phase, Problem, Slug, Tier, Toolchain};

fn problem(slug: &str, tests: &str) -> Problem {
    Problem {
        slug: Slug::parse(slug).expect("slug"),
        tier: Tier::new(1).expect("tier"),
        title: slug.to_owned(),
        instructions: String::new(),
        starter: String::new(),
        tests: tests.to_owned(),
        solution: String::new(),
    }
}

fn harness(dir: &Path, build_wall: Duration) -> Harness {
    let mut cfg = HarnessConfig::new(dir.to_owned(), 2, Toolchain::from_env().expect("toolchain"));
    cfg.test.wall = Duration::from_secs(3);
    cfg.build.wall = build_wall;
    Harness::new(cfg).expect("bubblewrap works here (run ./scripts/setup)")
}

fn outcome_of<'a>(evals: &'a [x402_benchmarks::Evaluation], slug: &str) -> &'a Outcome {
    &evals
        .iter()
        .find(|e| e.slug.as_str() == slug)
        .unwrap_or_else(|| panic!("no evaluation of {slug}"))
        .outcome
}

const ADD_TESTS: &str = "use solution::*;\n\
    #[test] fn adds() { assert_eq!(add(2, 3), 5); }\n\
    #[test] fn zero() { assert_eq!(add(0, 0), 0); }\n\
    #[test] fn negative() { assert_eq!(add(-2, -3), -5); }\n";

#[test]
fn outcomes_of_honest_and_hostile_candidates() {
    let work = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let escaped = outside.path().join("escaped.txt");
    let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = listener.local_addr().expect("addr").port();
    let h = harness(work.path(), Duration::from_secs(120));

    let add = problem("fx-add", ADD_TESTS);
    let add_fail = problem("fx-add-fail", ADD_TESTS);
    let add_compile = problem("fx-add-compile", ADD_TESTS);
    let spin = problem(
        "fx-spin",
        "use solution::*;\n#[test] fn finishes() { assert_eq!(spin(), 1); }\n",
    );
    let hog = problem(
        "fx-hog",
        "use solution::*;\n#[test] fn small() { assert_eq!(1, 1); }\n#[test] fn hog_memory() { assert!(hog() > 0); }\n",
    );
    let net = problem(
        "fx-net",
        "use solution::*;\n#[test] fn reaches_the_listener() { connect().expect(\"connect\"); }\n",
    );
    let write = problem(
        "fx-write",
        "use solution::*;\n\
         #[test] fn writes_own_dir() { assert_eq!(scratch().expect(\"own dir\"), \"x\"); }\n\
         #[test] fn writes_outside() { escape().expect(\"outside\"); }\n",
    );
    let exit = problem(
        "fx-exit",
        "use solution::*;\n#[test] fn one() { assert_eq!(early(), 1); }\n#[test] fn two() { assert_eq!(early(), 1); }\n",
    );
    let sources = [
        (&add, "pub fn add(a: i32, b: i32) -> i32 { a + b }\n".to_owned()),
        (&add_fail, "pub fn add(a: i32, b: i32) -> i32 { if a == 0 { 0 } else { a - b } }\n".to_owned()),
        (&add_compile, "pub fn add(a: i32, b: i32) -> i32 { a + \"b\" }\n".to_owned()),
        (
            &spin,
            "pub fn spin() -> u64 { let mut i = 0u64; loop { i = std::hint::black_box(i.wrapping_add(1)); } }\n"
                .to_owned(),
        ),
        (
            &hog,
            "pub fn hog() -> usize { let mut v: Vec<Vec<u8>> = Vec::new(); \
             loop { v.push(vec![1u8; 64 << 20]); if v.len() == usize::MAX { return v.len(); } } }\n"
                .to_owned(),
        ),
        (
            &net,
            format!(
                "pub fn connect() -> std::io::Result<()> {{ \
                 std::net::TcpStream::connect((\"127.0.0.1\", {port})).map(|_| ()) }}\n"
            ),
        ),
        (
            &write,
            format!(
                "pub fn scratch() -> std::io::Result<String> {{ std::fs::write(\"scratch.txt\", \"x\")?; \
                 std::fs::read_to_string(\"scratch.txt\") }}\n\
                 pub fn escape() -> std::io::Result<()> {{ std::fs::write({escaped:?}, \"escaped\") }}\n"
            ),
        ),
        (&exit, "pub fn early() -> i32 { std::process::exit(0) }\n".to_owned()),
    ];
    let candidates: Vec<(&Problem, &str)> = sources.iter().map(|(p, s)| (*p, s.as_str())).collect();
    let events = std::sync::Mutex::new(Vec::new());
    let evals = h
        .evaluate(
            &Slug::parse("fixtures").expect("label"),
            &candidates,
            &|e| {
                let name = match e {
                    Event::Built(s) => format!("built {s}"),
                    Event::Done(e) => format!("done {}", e.slug),
                };
                events.lock().expect("events").push(name);
            },
        )
        .expect("the harness survives hostile candidates");
    assert_eq!(evals.len(), candidates.len());
    assert_eq!(events.lock().expect("events").len(), 2 * candidates.len());

    assert_eq!(outcome_of(&evals, "fx-add"), &Outcome::Passed);
    match outcome_of(&evals, "fx-add-fail") {
        Outcome::Failed { tests, output } => {
            assert_eq!(tests, &["adds", "negative"]);
            assert!(output.contains("assertion"), "{output}");
        }
        other => panic!("fx-add-fail: {other:?}"),
    }
    match outcome_of(&evals, "fx-add-compile") {
        Outcome::CompileError { message } => {
            assert!(message.contains("error[E0277]"), "{message}");
            assert!(message.len() <= x402_benchmarks::harness::MAX_COMPILE_ERROR);
        }
        other => panic!("fx-add-compile: {other:?}"),
    }
    assert_eq!(
        outcome_of(&evals, "fx-spin"),
        &Outcome::Timeout { phase: Phase::Test }
    );
    match outcome_of(&evals, "fx-hog") {
        Outcome::Failed { tests, output } => {
            assert_eq!(tests, &["hog_memory"], "{output}");
            assert!(output.contains("memory allocation"), "{output}");
        }
        // On a loaded machine the allocation loop may hit the wall clock before the memory
        // limit: stopped either way, and the harness goes on.
        Outcome::Timeout { phase: Phase::Test } => {}
        other => panic!("fx-hog: {other:?}"),
    }
    match outcome_of(&evals, "fx-net") {
        Outcome::Failed { tests, output } => {
            assert_eq!(tests, &["reaches_the_listener"]);
            assert!(output.contains("connect"), "{output}");
        }
        other => panic!("fx-net: {other:?}"),
    }
    listener.set_nonblocking(true).expect("nonblocking");
    let accepted = listener.accept().map(|_| ());
    assert_eq!(
        accepted.map_err(|e| e.kind()),
        Err(ErrorKind::WouldBlock),
        "the candidate reached the host's loopback"
    );
    match outcome_of(&evals, "fx-write") {
        Outcome::Failed { tests, output } => {
            assert_eq!(tests, &["writes_outside"], "{output}");
            assert!(output.contains("Read-only file system"), "{output}");
        }
        other => panic!("fx-write: {other:?}"),
    }
    assert!(!escaped.exists(), "the candidate wrote outside its dir");
    match outcome_of(&evals, "fx-exit") {
        Outcome::Failed { output, .. } => assert!(output.contains("no test summary"), "{output}"),
        other => panic!("fx-exit: an early exit(0) must not pass: {other:?}"),
    }

    // Same candidates again: nothing rebuilds, same outcomes.
    let again = h
        .evaluate(
            &Slug::parse("fixtures").expect("label"),
            &candidates[..2],
            &|_| {},
        )
        .expect("second run");
    assert_eq!(again[0].outcome, Outcome::Passed);
    assert!(matches!(again[1].outcome, Outcome::Failed { .. }));
}

#[test]
fn a_compiler_hang_times_out_alone() {
    let work = tempfile::tempdir().expect("tempdir");
    let h = harness(work.path(), Duration::from_secs(20));
    let add = problem("fx-add", ADD_TESTS);
    let hang = problem(
        "fx-const-hang",
        "use solution::*;\n#[test] fn x() { assert_eq!(value(), 0); }\n",
    );
    let hang_src = "#![allow(long_running_const_eval)]\n\
        pub static X: u64 = { let mut i = 1u64; while i != 0 { i = i.wrapping_add(1); } i };\n\
        pub fn value() -> u64 { X }\n";
    let add_src = "pub fn add(a: i32, b: i32) -> i32 { a + b }\n";
    let evals = h
        .evaluate(
            &Slug::parse("hang").expect("label"),
            &[(&add, add_src), (&hang, hang_src)],
            &|_| {},
        )
        .expect("the harness survives a compiler hang");
    assert_eq!(evals[0].outcome, Outcome::Passed);
    assert_eq!(
        evals[1].outcome,
        Outcome::Timeout {
            phase: Phase::Build
        }
    );
}

/// Two solvers' workspaces hold packages at the same relative paths; cargo must not reuse one's
/// test binary for the other (a warm rerun would report the other solver's outcome).
#[test]
fn solvers_do_not_share_binaries() {
    let work = tempfile::tempdir().expect("tempdir");
    let h = harness(work.path(), Duration::from_secs(120));
    let add = problem("fx-add", ADD_TESTS);
    let good = "pub fn add(a: i32, b: i32) -> i32 { a + b }\n";
    let bad = "pub fn add(a: i32, b: i32) -> i32 { a * b }\n";
    let (one, two) = (
        Slug::parse("one").expect("l"),
        Slug::parse("two").expect("l"),
    );
    let run = |label: &Slug, src: &str| {
        h.evaluate(label, &[(&add, src)], &|_| {})
            .expect("evaluate")
            .remove(0)
            .outcome
    };
    assert_eq!(run(&one, good), Outcome::Passed);
    assert!(matches!(run(&two, bad), Outcome::Failed { .. }));
    assert_eq!(
        run(&one, good),
        Outcome::Passed,
        "workspace one ran two's binary"
    );
    assert!(matches!(run(&two, bad), Outcome::Failed { .. }));
}
