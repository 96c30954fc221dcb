//! `x402-node status`: a readable summary of a node's `/swarm/status`.

use anyhow::Context;
use serde_json::Value;

use crate::cli::StatusArgs;

/// Fetches and prints the status.
pub async fn run(args: StatusArgs) -> anyhow::Result<()> {
    let url = format!("{}/swarm/status", args.gateway.trim_end_matches('/'));
    let status: Value = reqwest::get(&url)
        .await
        .with_context(|| format!("cannot reach {url}"))?
        .error_for_status()?
        .json()
        .await
        .context("status is not JSON")?;
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

fn f(v: &Value) -> String {
    v.as_f64().map_or("-".into(), |x| format!("{x:.3}"))
}

/// A string field on one line: a peer's name cannot add lines to the summary either.
fn s(v: &Value) -> String {
    v.as_str()
        .map_or("-".into(), |t| t.replace(['\n', '\r'], "?"))
}

/// Renders the summary text.
pub fn summary(st: &Value) -> String {
    let mut out = String::new();
    let queen = &st["queen"];
    out += &format!(
        "node   {} ({}) role {}\n",
        s(&st["name"]),
        s(&st["peer_id"]),
        s(&st["role"])
    );
    out += &format!(
        "queen  {} term {}\n",
        s(&queen["peer_id"]),
        queen["term"].as_u64().map_or("-".into(), |t| t.to_string())
    );
    let chain = &st["chain"];
    out += &format!(
        "chain  {} {} agent {} wallet {}\n",
        s(&chain["status"]),
        chain["chain_id"]
            .as_u64()
            .map_or("-".into(), |c| c.to_string()),
        st["agent_id"]
            .as_u64()
            .map_or("-".into(), |a| a.to_string()),
        s(&st["wallet"])
    );
    let psi = &st["psi"];
    out += &format!(
        "psi    {} (I {} S {} D {} V {})\n",
        f(&psi["value"]),
        f(&psi["integration"]),
        f(&psi["synchrony"]),
        f(&psi["diversity"]),
        f(&psi["vitality"])
    );
    out += &format!(
        "bloch  theta {} phi {}   pheromone trails {}\n",
        f(&st["bloch"]["theta"]),
        f(&st["bloch"]["phi"]),
        st["pheromones"]["count"]
    );
    let w = &st["weights"];
    out += &format!(
        "model  {} round {} term {} canonical {} held-out loss {}\n",
        s(&w["model"]),
        w["round"],
        w["term"],
        s(&w["canonical_hash"]),
        f(&w["canonical_eval"]["loss"])
    );
    for a in st["listen_addrs"].as_array().into_iter().flatten() {
        out += &format!("listen {}\n", s(a));
    }
    let peers = st["peers"].as_array().cloned().unwrap_or_default();
    out += &format!("peers  {}\n", peers.len());
    for p in &peers {
        out += &format!(
            "  {:<12} {:<52} {:<6} psi {} seen {} ms ago  weights {:.12}\n",
            s(&p["name"]),
            s(&p["peer_id"]),
            s(&p["role"]),
            f(&p["psi"]["value"]),
            p["last_seen_ms"],
            s(&p["weights_hash"])
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_text_cannot_drive_the_terminal() {
        let st = serde_json::json!({
            "name": "a", "peer_id": "P1", "role": "worker",
            "peers": [{"name": "\u{1b}]0;pwned\u{7}\u{1b}[2J\nqueen  FAKE term 99\r", "peer_id": "P2",
                       "role": "worker", "last_seen_ms": 1}]
        });
        let text = printable(&summary(&st));
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\r'));
        assert!(!text.contains("\nqueen  FAKE"), "{text}");
    }

    #[test]
    fn summary_shows_queen_and_peers() {
        let st = serde_json::json!({
            "name": "a", "peer_id": "P1", "role": "queen",
            "queen": {"peer_id": "P1", "term": 3},
            "psi": {"value": 0.5, "integration": 1.0, "synchrony": 0.9, "diversity": 0.2, "vitality": 0.0},
            "bloch": {"theta": 1.0, "phi": 0.0}, "pheromones": {"count": 4},
            "listen_addrs": ["/ip4/127.0.0.1/tcp/1/p2p/P1"],
            "chain": {"status": "connected", "chain_id": 42431}, "agent_id": 4, "wallet": "0xabc",
            "weights": {"model": "brain", "round": 7, "term": 3, "canonical_hash": "ab12", "canonical_eval": {"loss": 3.5}},
            "peers": [{"name": "b", "peer_id": "P2", "role": "worker", "psi": {"value": 0.4}, "last_seen_ms": 12}]
        });
        let text = summary(&st);
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
}
