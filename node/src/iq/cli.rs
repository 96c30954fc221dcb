//! `x402-node bench iq --colony --gateway URL`: opens a colony session on a node of the swarm
//! and prints its results as they arrive, then the colony's score against its best member.

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::{Context, bail};

use super::{OpenRequest, Opened, SessionView};
use crate::iq_bench::BenchIqArgs;

/// Longest a colony session is followed.
const FOLLOW_FOR: Duration = Duration::from_secs(3600);

/// Opens the session (`slugs` empty: every problem) and follows it to the end.
pub async fn run(args: &BenchIqArgs, slugs: Vec<String>) -> anyhow::Result<()> {
    let Some(gateway) = args.gateway.as_deref() else {
        bail!("--colony needs --gateway");
    };
    let gateway = gateway.trim_end_matches('/');
    let token = crate::cartridge_cli::admin_token(args.token_file.as_deref())?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let resp = http
        .post(format!("{gateway}/admin/iq/sessions"))
        .bearer_auth(token)
        .json(&OpenRequest {
            problems: slugs,
            redundancy: Some(args.redundancy),
        })
        .send()
        .await
        .with_context(|| format!("cannot reach {gateway}"))?;
    let status = resp.status();
    if !status.is_success() {
        bail!(
            "{gateway} refused the session: {status} {}",
            resp.text().await?
        );
    }
    let opened: Opened = resp.json().await?;
    if !args.json {
        println!("session {} run by queen {}", opened.session, opened.queen);
    }
    // The queen's detail when this gateway is hers; the summary otherwise.
    let deadline = tokio::time::Instant::now() + FOLLOW_FOR;
    let mut printed = BTreeSet::new();
    let mut progress = (u32::MAX, u32::MAX);
    loop {
        let view: Option<SessionView> = match http
            .get(format!("{gateway}/iq/sessions/{}", opened.session))
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => r.json().await.ok(),
            _ => None,
        };
        if let Some(v) = view {
            if !args.json {
                print_new(&v, &mut printed);
                let now = (v.summary.attempted, v.summary.passed);
                if v.problems.is_none() && now != progress {
                    println!(
                        "  {} of {} problems attempted, {} passed (colony IQ so far {:.1})",
                        now.0, v.summary.problems, now.1, v.summary.iq
                    );
                }
                progress = now;
            }
            if v.summary.done {
                if args.json {
                    println!("{}", serde_json::to_string_pretty(&v)?);
                } else {
                    print_summary(&v);
                }
                return Ok(());
            }
        }
        if tokio::time::Instant::now() > deadline {
            bail!(
                "session {} not complete after {FOLLOW_FOR:?}",
                opened.session
            );
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

fn print_new(v: &SessionView, printed: &mut BTreeSet<(String, String)>) {
    let Some(problems) = &v.problems else {
        return;
    };
    for p in problems {
        for (peer, r) in &p.results {
            if !r.settled() || !printed.insert((p.slug.to_string(), peer.clone())) {
                continue;
            }
            let what = if r.passed() {
                "passed"
            } else if r.claimed_pass {
                "claimed a pass that failed verification"
            } else {
                "failed"
            };
            let short = peer.get(peer.len().saturating_sub(8)..).unwrap_or(peer);
            println!("  tier {} {:<40} …{short} {what}", p.tier, p.slug);
        }
    }
}

fn print_summary(v: &SessionView) {
    let s = &v.summary;
    if let Some(problems) = &v.problems {
        let score = x402_benchmarks::Score::of(
            problems
                .iter()
                .filter(|p| p.results.values().any(|r| r.settled()))
                .map(|p| (p.tier, p.colony_passed)),
        );
        println!("tier  weight  passed/attempted  points");
        for t in &score.tiers {
            println!(
                "{:>4}  {:>6}  {:>7}/{:<8}  {}/{}",
                t.tier, t.weight, t.passed, t.attempted, t.points, t.max_points
            );
        }
    }
    println!(
        "colony IQ {:.1} ({:.1} % weighted; {} of {} problems passed, {} attempted)",
        s.iq, s.weighted_percent, s.passed, s.problems, s.attempted
    );
    if let Some(best) = s.best_member_iq {
        println!(
            "best single member IQ {best:.1}; colony benefit {:+.1}",
            s.iq - best
        );
    }
    for m in &s.members {
        println!(
            "  member {} IQ {:.1} ({} of {} passed)",
            m.peer_id, m.iq, m.passed, m.attempted
        );
    }
    if !v.gone.is_empty() {
        println!("reassigned the share of: {}", v.gone.join(", "));
    }
}
