//! `x402-node status`: a readable summary of a node's `/swarm/status`.

use anyhow::Context;

use crate::cli::StatusArgs;
use crate::swarm_status::SwarmStatus;

/// Fetches and prints the status.
pub async fn run(args: StatusArgs) -> anyhow::Result<()> {
    let url = format!("{}/swarm/status", args.gateway.trim_end_matches('/'));
    let status: SwarmStatus = reqwest::get(&url)
        .await
        .with_context(|| format!("cannot reach {url}"))?
        .error_for_status()?
        .json()
        .await
        .context("status is not the documented JSON (docs/status.md)")?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&status)?);
    } else {
        print!("{}", printable(&summary(&status)));
    }
    Ok(())
}

/// Peer-provided text made safe for a terminal: every control character but the line breaks
/// of the summary itself (escape sequences, carriage returns, bells) is shown as `?`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { '?' } else { c })
        .collect()
}

fn f(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{x:.3}"))
}

fn n(v: Option<u64>) -> String {
    v.map_or("-".into(), |x| x.to_string())
}

/// A string field on one line: a peer's name cannot add lines to the summary either.
fn s(v: Option<&str>) -> String {
    v.map_or("-".into(), |t| t.replace(['\n', '\r'], "?"))
}

fn role(r: x402_p2p::Role) -> &'static str {
    match r {
        x402_p2p::Role::Queen => "queen",
        x402_p2p::Role::Worker => "worker",
    }
}

/// Renders the summary text.
pub fn summary(st: &SwarmStatus) -> String {
    let mut out = String::new();
    let queen = st.queen.as_ref();
    out += &format!(
        "node   {} ({}) role {}\n",
        s(Some(&st.name)),
        s(Some(&st.peer_id)),
        role(st.role)
    );
    out += &format!(
        "queen  {} term {}\n",
        s(queen.map(|q| q.peer_id.as_str())),
        n(queen.map(|q| q.term))
    );
    let chain = st.chain.details.as_ref();
    out += &format!(
        "chain  {} {} agent {} wallet {}\n",
        s(Some(&st.chain.status)),
        n(chain.and_then(|c| c.chain_id)),
        n(st.agent_id),
        s(st.wallet.as_deref())
    );
    let psi = &st.psi;
    out += &format!(
        "psi    {} (I {} S {} D {} V {})\n",
        f(Some(psi.value)),
        f(Some(psi.integration)),
        f(Some(psi.synchrony)),
        f(Some(psi.diversity)),
        f(Some(psi.vitality))
    );
    out += &format!(
        "bloch  theta {} phi {}   pheromone trails {}\n",
        f(Some(st.bloch.theta)),
        f(Some(st.bloch.phi)),
        st.pheromones.count
    );
    let w = &st.weights;
    out += &format!(
        "model  {} round {} term {} canonical {} held-out loss {}\n",
        s(Some(&w.model)),
        w.round,
        w.term,
        s(Some(&w.canonical_hash)),
        f(w.canonical_eval.map(|e| e.loss))
    );
    for a in &st.listen_addrs {
        out += &format!("listen {}\n", s(Some(a)));
    }
    out += &format!("peers  {}\n", st.peers.len());
    for p in &st.peers {
        out += &format!(
            "  {:<12} {:<52} {:<6} psi {} seen {} ms ago  weights {:.12}\n",
            s(Some(&p.name)),
            s(Some(&p.peer_id)),
            role(p.role),
            f(p.psi.as_ref().map(|p| p.value)),
            p.last_seen_ms,
            s(p.weights_hash.as_deref())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A complete status (as a real queen with one worker serves it).
    fn sample() -> SwarmStatus {
        serde_json::from_value(serde_json::json!({
            "name": "a", "swarm": "s", "version": "0.1.0", "uptime_ms": 1, "peer_id": "P1",
            "agent_id": 4, "wallet": "0xabc",
            "chain": {"status": "connected", "error": null, "rpc": "http://127.0.0.1:8545",
                      "chain_id": 42431, "kind": "dev", "registry": "0x1", "cards_rejected": 0},
            "role": "queen", "queen": {"peer_id": "P1", "term": 3}, "max_term": 3, "elections": 1,
            "listen_addrs": ["/ip4/127.0.0.1/tcp/1/p2p/P1"], "connected_peers": 1,
            "bloch": {"theta": 1.0, "phi": 0.0, "d_theta": 0.0, "d_phi": 0.0,
                      "exploration": 0.5, "colony_focus": 0.0},
            "psi": {"value": 0.5, "trend": 0.0, "integration": 1.0, "synchrony": 0.9,
                    "diversity": 0.2, "vitality": 0.0},
            "goal": null,
            "free_energy": {"value": 0.1, "trend": 0.0,
                            "surprise": {"membership": 0.0, "timing": 0.0, "gossip": 0.0}},
            "pheromones": {"count": 4, "strongest": []},
            "weights": {"model": "brain", "canonical_hash": "ab12", "round": 7, "term": 3,
                        "rule": "median", "params": 10, "arch": "cd",
                        "endpoint": {"id": "e", "addrs": []}, "local_eval": null,
                        "canonical_eval": {"loss": 3.5, "success_accuracy": 0.5,
                                           "error_accuracy": 0.5, "capability_accuracy": 0.5,
                                           "examples": 1, "failed_examples": 0},
                        "updates_published": 0, "aggregates_published": 0, "adopted": 0,
                        "canonical_source": null, "collecting": null, "rejected": {}, "peers": {}},
            "iq": {"solver": "reference", "self": null, "colony": null, "best_member_iq": null,
                   "session": null, "done": false, "attempted": 0, "passed": 0,
                   "last_run_ms": null, "members": [], "training_pairs": 0},
            "peers": [{"peer_id": "P2", "name": "b", "role": "worker", "gateway": null,
                       "listen_addrs": [], "queen": {"peer_id": "P1", "term": 3}, "bloch": null,
                       "psi": {"value": 0.4, "trend": 0.0, "integration": 1.0, "synchrony": 1.0,
                               "diversity": 0.0, "vitality": 0.0},
                       "goal": null, "pheromone_trails": 0, "last_seen_ms": 12, "alive": true,
                       "agent_id": null, "wallet": null, "registered": false,
                       "weights_hash": null, "iq": null}]
        }))
        .expect("a complete status")
    }

    #[test]
    fn peer_text_cannot_drive_the_terminal() {
        let mut st = sample();
        st.role = x402_p2p::Role::Worker;
        st.peers[0].name = "\u{1b}]0;pwned\u{7}\u{1b}[2J\nqueen  FAKE term 99\r".to_string();
        let text = printable(&summary(&st));
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\r'));
        assert!(!text.contains("\nqueen  FAKE"), "{text}");
    }

    #[test]
    fn summary_shows_queen_and_peers() {
        let text = summary(&sample());
        assert!(text.contains("queen  P1 term 3"), "{text}");
        assert!(text.contains("peers  1"), "{text}");
        assert!(
            text.contains("model  brain round 7 term 3 canonical ab12 held-out loss 3.500"),
            "{text}"
        );
        assert!(text.contains("P2"), "{text}");
        assert!(text.contains("psi    0.500"), "{text}");
        assert!(
            text.contains("chain  connected 42431 agent 4 wallet 0xabc"),
            "{text}"
        );
    }

    #[test]
    fn an_offline_chain_is_status_alone_both_ways() {
        let mut st = sample();
        st.chain = crate::swarm_status::ChainStatus {
            status: "offline".into(),
            details: None,
        };
        let v = serde_json::to_value(&st).unwrap();
        assert_eq!(v["chain"], serde_json::json!({"status": "offline"}));
        let back: SwarmStatus = serde_json::from_value(v).unwrap();
        assert_eq!(back, st);
        let online = sample();
        let v = serde_json::to_value(&online).unwrap();
        assert_eq!(v["chain"]["error"], serde_json::Value::Null, "{v:#}");
        assert_eq!(serde_json::from_value::<SwarmStatus>(v).unwrap(), online);
    }
}
