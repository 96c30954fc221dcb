//! `/swarm/status` is a contract: two real nodes on loopback, and every field they serve is the
//! list in `docs/status.md` (nothing undocumented, nothing documented missing).

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{Node, SwarmStatus, wait_for};
use serde_json::Value;

/// The field list of `docs/status.md`: `(path, may be absent)`.
fn documented() -> Vec<(String, bool)> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/status.md"))
        .expect("docs/status.md");
    let block = doc
        .split("```status-fields\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a status-fields block in docs/status.md");
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.trim().strip_suffix('?') {
            Some(p) => (p.to_string(), true),
            None => (l.trim().to_string(), false),
        })
        .collect()
}

/// What a status shows: every field path, and the paths of the objects it holds (a field is
/// expected only where its parent object is present and not `null`).
#[derive(Default)]
struct Seen {
    fields: BTreeSet<String>,
    objects: BTreeSet<String>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(v: &Value, path: &str, maps: &BTreeSet<String>, seen: &mut Seen) {
    match v {
        Value::Object(o) => {
            seen.objects.insert(path.to_string());
            for (k, child) in o {
                let key = if maps.contains(path) { "*" } else { k.as_str() };
                let p = join(path, key);
                seen.fields.insert(p.clone());
                walk(child, &p, maps, seen);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(item, &format!("{path}[]"), maps, seen);
            }
        }
        _ => {}
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(p, _)| p)
}

/// The differences between a served status and the documented list.
fn mismatches(st: &Value) -> Vec<String> {
    let doc = documented();
    let all: BTreeSet<&str> = doc.iter().map(|(p, _)| p.as_str()).collect();
    let maps: BTreeSet<String> = doc
        .iter()
        .filter_map(|(p, _)| p.strip_suffix(".*").map(str::to_string))
        .collect();
    let mut seen = Seen::default();
    walk(st, "", &maps, &mut seen);
    let mut out: Vec<String> = seen
        .fields
        .iter()
        .filter(|p| !all.contains(p.as_str()))
        .map(|p| format!("served but not documented: {p}"))
        .collect();
    out.extend(
        doc.iter()
            .filter(|(p, optional)| {
                !optional
                    && !p.ends_with('*')
                    && seen.objects.contains(parent(p))
                    && !seen.fields.contains(p)
            })
            .map(|(p, _)| format!("documented but not served: {p}")),
    );
    out
}

/// Every served field with its JSON pointer, except entries of maps keyed by data and fields
/// documented as optional.
fn required_pointers(v: &Value, path: &str, pointer: &str, out: &mut Vec<String>) {
    let doc = documented();
    let maps: BTreeSet<String> = doc
        .iter()
        .filter_map(|(p, _)| p.strip_suffix(".*").map(str::to_string))
        .collect();
    let optional: BTreeSet<String> = doc
        .iter()
        .filter(|(_, o)| *o)
        .map(|(p, _)| p.clone())
        .collect();
    fn go(
        v: &Value,
        path: &str,
        pointer: &str,
        maps: &BTreeSet<String>,
        optional: &BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        match v {
            Value::Object(o) => {
                let map = maps.contains(path);
                for (k, child) in o {
                    let p = join(path, if map { "*" } else { k });
                    let ptr = format!("{pointer}/{k}");
                    if !map && !optional.contains(&p) {
                        out.push(ptr.clone());
                    }
                    go(child, &p, &ptr, maps, optional, out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    go(
                        item,
                        &format!("{path}[]"),
                        &format!("{pointer}/{i}"),
                        maps,
                        optional,
                        out,
                    );
                }
            }
            _ => {}
        }
    }
    go(v, path, pointer, &maps, &optional, out);
}

/// The served JSON is a [`SwarmStatus`], losslessly, and the type needs every field: without
/// any one of them the JSON either does not parse or does not come back the same.
fn assert_typed(st: &Value) {
    let typed: SwarmStatus = serde_json::from_value(st.clone()).expect("a SwarmStatus");
    assert_eq!(&serde_json::to_value(&typed).unwrap(), st, "lossless");
    let mut pointers = Vec::new();
    required_pointers(st, "", "", &mut pointers);
    assert!(pointers.len() > 50, "{pointers:?}");
    for ptr in pointers {
        let (parent, key) = ptr.rsplit_once('/').unwrap();
        let mut without = st.clone();
        without
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap()
            .remove(key);
        if let Ok(t) = serde_json::from_value::<SwarmStatus>(without.clone()) {
            assert_ne!(
                serde_json::to_value(&t).unwrap(),
                without,
                "SwarmStatus does not hold {ptr}"
            );
        }
    }
}

#[test]
fn the_checker_sees_renamed_missing_and_extra_fields() {
    // The checker itself must be able to fail: a status with one field renamed, one nested field
    // dropped and a peer with an undocumented field.
    let st = serde_json::json!({
        "name": "a", "swarm": "s", "version": "0", "uptime_ms": 1, "peer_id": "P",
        "agent_id": null, "wallet": null, "chain": {"status": "offline"},
        "role": "worker", "queen": null, "max_term": 0, "elections": 0, "listen_addrs": [],
        "connected_peers": 0,
        "bloch": {"theta": 0.0, "phi": 0.0, "d_theta": 0.0, "d_phi": 0.0, "exploration": 0.0},
        "psi": null, "goal": null, "free_energy": null, "pheromones": null, "weights": null,
        "iq": null,
        "peers": [{"peer_id": "Q", "nick": "b"}],
        "peer": []
    });
    let found = mismatches(&st);
    for expected in [
        "served but not documented: peer",
        "served but not documented: peers[].nick",
        "documented but not served: bloch.colony_focus",
        "documented but not served: peers[].name",
    ] {
        assert!(
            found.iter().any(|m| m == expected),
            "{expected} in {found:#?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|m| m.contains("chain.rpc") || m.contains("psi.")),
        "optional fields and fields of null objects are not required: {found:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_real_node_serves_exactly_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let a = Node::start(dir.path(), "a", None);
    a.ready().await;
    let b = Node::start(dir.path(), "b", Some(&a.tcp_addr().await));
    // Wait until both know each other with their gossip (Psi, Bloch, queen) and the worker has
    // seen the queen's weights, so the nested objects are there to compare.
    let full = |st: &Value| {
        st["queen"].is_object()
            && st["peers"].as_array().is_some_and(|p| {
                !p.is_empty()
                    && p.iter().all(|m| {
                        m["psi"].is_object() && m["bloch"].is_object() && m["queen"].is_object()
                    })
            })
    };
    for node in [&a, &b] {
        let st = wait_for(
            Duration::from_secs(60),
            "peers with their gossip",
            || async {
                let st = node.status_json().await?;
                full(&st).then_some(st)
            },
        )
        .await;
        let found = mismatches(&st);
        assert!(found.is_empty(), "{}: {found:#?}\n{st:#}", node.name);
        assert_typed(&st);
    }
    let st = wait_for(
        Duration::from_secs(60),
        "the queen's weights on the worker",
        || async {
            let st = b.status_json().await?;
            (full(&st)
                && st["weights"]["peers"]
                    .as_object()
                    .is_some_and(|p| !p.is_empty()))
            .then_some(st)
        },
    )
    .await;
    let found = mismatches(&st);
    assert!(found.is_empty(), "b: {found:#?}\n{st:#}");
    assert_typed(&st);
    // What the node sends is what `x402-node status --json` prints.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["status", "--json", "--gateway", &b.http])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(mismatches(&printed).is_empty(), "{printed:#}");
    assert_typed(&printed);
}
