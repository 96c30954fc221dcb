//! The soul's benchmark tool on a real node process (`--offline --llm none --soul on
//! --iq-solver reference`, one tier-1 problem so the run is short): a nudge "run a benchmark
//! problem" plans the `benchmark` template, `benchmark_problem` solves the problem with the
//! node's solver through its sandboxed harness (a real cargo build), the outcome says it
//! passed, `/soul/events` streamed it and the pass raises the evolution fitness.

mod common;

use std::time::Duration;

use common::{Node, sse, wait_for};
use serde_json::{Value, json};
use x402_soul::api::{NudgeResponse, SoulStatus};
use x402_soul::types::{GoalStatus, OutcomeClass};

const PROBLEM: &str = "add-months-clamped";

async fn soul(node: &Node) -> Option<SoulStatus> {
    node.get("/soul/status").await?.json().await.ok()
}

fn copy_problem(to: &std::path::Path) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../benchmarks/problems")
        .join(PROBLEM);
    let dest = to.join(PROBLEM);
    std::fs::create_dir_all(&dest).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dest.join(entry.file_name())).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nudge_runs_one_benchmark_problem_that_passes() {
    let root = tempfile::tempdir().unwrap();
    let problems = root.path().join("problems");
    copy_problem(&problems);
    let node = Node::start_with(
        root.path(),
        "soul-bench",
        &[
            "--offline",
            "--llm",
            "none",
            "--soul",
            "on",
            // Idle pacing long enough that no goal of its own starts before the nudge.
            "--soul-interval",
            "60",
            "--iq-solver",
            "reference",
            "--iq-problems-dir",
            problems.to_str().unwrap(),
        ]
        .map(String::from),
    );
    node.ready().await;
    let mut events = sse(format!("{}/soul/events", node.http)).await;
    let before = soul(&node).await.unwrap();
    assert!(before.tools.iter().any(|t| t == "benchmark_problem"));
    assert!(before.tools.iter().any(|t| t == "request_training"));

    let token = std::fs::read_to_string(node.data_dir.join("admin.token")).unwrap();
    let resp = reqwest::Client::new()
        .post(format!("{}/soul/nudge", node.http))
        .bearer_auth(token.trim())
        .json(&json!({"text": "run a benchmark problem"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    let nudged: NudgeResponse = resp.json().await.unwrap();

    let status = wait_for(
        Duration::from_secs(600),
        "the benchmark goal finishes",
        || async {
            let s = soul(&node).await?;
            s.recent_goals
                .iter()
                .any(|g| g.id == nudged.goal.id && g.status != GoalStatus::Active)
                .then_some(s)
        },
    )
    .await;
    let goal = status
        .recent_goals
        .iter()
        .find(|g| g.id == nudged.goal.id)
        .unwrap();
    assert_eq!(goal.status, GoalStatus::Completed, "{goal:?}");
    let plan = goal.plan.as_ref().unwrap();
    assert_eq!(plan.template.as_deref(), Some("benchmark"));
    let outcome = status
        .outcomes
        .iter()
        .find(|o| o.goal == goal.id && o.tool.as_str() == "benchmark_problem")
        .unwrap_or_else(|| panic!("no benchmark outcome: {:?}", status.outcomes));
    assert_eq!(outcome.class, OutcomeClass::Ok, "{outcome:?}");
    let result: Value = serde_json::from_str(&outcome.detail).unwrap();
    assert_eq!(result["slug"], PROBLEM, "{result}");
    assert_eq!(result["outcome"], "passed", "{result}");
    assert_eq!(result["solver"], "reference", "{result}");
    assert_eq!(result["passed"], true);
    assert!(result["elapsed_ms"].as_u64().unwrap() > 0);
    // A passed problem counts toward evolution (neutral 0.5 without records) from the next
    // cycle on (fitness is computed as a cycle starts; the idle pause is 60 s).
    wait_for(
        Duration::from_secs(150),
        "the pass raises evolution",
        || async { (soul(&node).await?.fitness.evolution > 0.5).then_some(()) },
    )
    .await;

    let mut streamed = false;
    while let Ok(Some(e)) = tokio::time::timeout(Duration::from_secs(2), events.recv()).await {
        if e["kind"] == "outcome"
            && e["outcome"]["tool"] == "benchmark_problem"
            && e["outcome"]["class"] == "ok"
        {
            streamed = e["outcome"]["detail"]
                .as_str()
                .is_some_and(|d| d.contains("\"outcome\":\"passed\""));
        }
    }
    assert!(
        streamed,
        "/soul/events streamed the passed benchmark outcome"
    );
}

/// The queen asks for work on her Psi message: in a two-node colony (souls off, no cartridges)
/// the worker hears the queen's `needs` for her current term (`cartridges`: she serves none),
/// and the worker's own Psi carries none.
#[tokio::test(flavor = "multi_thread")]
async fn the_queen_gossips_her_needs_for_her_term_and_workers_do_not() {
    let root = tempfile::tempdir().unwrap();
    let a = Node::start_with(root.path(), "a", &["--offline".to_string()]);
    let a_id = a.ready().await.peer_id;
    let a_addr = a.tcp_addr().await;
    let b = Node::start_with(
        root.path(),
        "b",
        &["--offline".to_string(), "--bootstrap".into(), a_addr],
    );
    let b_id = b.ready().await.peer_id;
    let nodes = [(&a, &a_id), (&b, &b_id)];
    // One queen for both; then what each hears of the other.
    let (queen, term) = wait_for(Duration::from_secs(60), "one queen for both", || async {
        let qa = a.status().await?.queen_term()?;
        let qb = b.status().await?.queen_term()?;
        (qa == qb).then_some(qa)
    })
    .await;
    let (worker, _) = nodes.iter().find(|(_, id)| **id != queen).unwrap();
    let (queen_node, _) = nodes.iter().find(|(_, id)| **id == queen).unwrap();
    let heard = wait_for(
        Duration::from_secs(60),
        "the worker hears the queen's needs",
        || async {
            let st = worker.status().await?;
            let q = st.peers.into_iter().find(|p| p.peer_id == queen)?;
            q.psi?.needs
        },
    )
    .await;
    assert_eq!(heard.term, term, "{heard:?}");
    assert!(heard.needs.iter().any(|n| n == "cartridges"), "{heard:?}");
    assert!(heard.needs.len() <= 4);
    // The worker asks nothing: the queen sees its Psi without needs.
    let worker_id = nodes
        .iter()
        .find(|(_, id)| **id != queen)
        .unwrap()
        .1
        .clone();
    wait_for(Duration::from_secs(30), "the worker's Psi", || async {
        let st = queen_node.status().await?;
        let w = st.peers.iter().find(|p| p.peer_id == worker_id)?;
        let psi = w.psi.as_ref()?;
        assert!(psi.needs.is_none(), "{w:?}");
        Some(())
    })
    .await;
}
