//! Colony IQ: compiler-verified Rust problems (`benchmarks/problems/<slug>/`), a sandboxed
//! harness that builds candidate solutions in one generated cargo workspace and runs each
//! problem's hidden tests, scoring (weighted pass rate mapped to an IQ of 85..=150), a sled store
//! of results, and solvers (reference, starter, an OpenAI-compatible LLM endpoint).

pub mod colony;
pub mod harness;
pub mod libtest;
pub mod problem;
pub mod sandbox;
pub mod score;
pub mod session;
pub mod solver;
pub mod store;

pub use harness::{Evaluation, Harness, HarnessConfig, HarnessError, Outcome, Phase, Toolchain};
pub use problem::{Problem, Slug, Tier, default_problems_dir, load_problems};
pub use score::Score;
pub use session::{ProblemResult, SessionReport, run_session};
pub use solver::{LlmSolver, ReferenceSolver, Solver, StarterSolver, SubsetSolver};
pub use store::ResultStore;
