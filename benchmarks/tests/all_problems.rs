//! CI validation of the problem set: every problem in `benchmarks/problems` (or
//! `$X402_BENCH_PROBLEMS_DIR`) passes with its reference solution (IQ 150) and fails with its
//! starter (IQ 85), through the real harness, sandbox and cargo.

use std::path::PathBuf;
use std::sync::Arc;

use x402_benchmarks::session::Quiet;
use x402_benchmarks::{
    Harness, HarnessConfig, Outcome, ReferenceSolver, StarterSolver, Toolchain,
    default_problems_dir, load_problems, run_session,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reference_passes_and_every_starter_fails() {
    let dir = std::env::var_os("X402_BENCH_PROBLEMS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(default_problems_dir);
    let problems = load_problems(&dir).expect("the problems load");
    assert!(!problems.is_empty(), "no problems in {}", dir.display());
    // Kept between runs (a warm target dir); the harness locks it.
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-iq");
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let cfg = HarnessConfig::new(work, jobs, Toolchain::from_env().expect("toolchain"));
    let harness = Arc::new(Harness::new(cfg).expect("bubblewrap works here (run ./scripts/setup)"));

    let reference = run_session(
        &ReferenceSolver,
        None,
        &problems,
        harness.clone(),
        Arc::new(Quiet),
    )
    .await
    .expect("reference session");
    let bad: Vec<String> = reference
        .problems
        .iter()
        .filter(|r| !r.outcome.passed())
        .map(|r| format!("{}: {:?}", r.slug, r.outcome))
        .collect();
    assert!(
        bad.is_empty(),
        "references that do not pass:\n{}",
        bad.join("\n")
    );
    assert_eq!(reference.score.iq, 150.0);
    assert_eq!(reference.problems.len(), problems.len());

    let starter = run_session(&StarterSolver, None, &problems, harness, Arc::new(Quiet))
        .await
        .expect("starter session");
    // A starter compiles against the tests and fails at least one of them, quickly.
    let bad: Vec<String> = starter
        .problems
        .iter()
        .filter(|r| !matches!(r.outcome, Outcome::Failed { ref tests, .. } if !tests.is_empty()))
        .map(|r| format!("{}: {:?}", r.slug, r.outcome))
        .collect();
    assert!(
        bad.is_empty(),
        "starters that do not fail cleanly:\n{}",
        bad.join("\n")
    );
    assert_eq!(starter.score.iq, 85.0);
}
