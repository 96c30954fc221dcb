//! `x402-node train` on a small corpus: trains the unified model and writes a checkpoint whose
//! weights match their recorded hash, then resumes from it; the checkpoint solves Colony IQ
//! problems as the `local` solver.

use std::process::Command;

use serde_json::Value;

fn train(data_dir: &std::path::Path, corpus: &std::path::Path, steps: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["train", "--steps", steps, "--data-dir"])
        .arg(data_dir)
        .arg("--corpus")
        .arg(corpus)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let loss = stderr
        .split("held-out loss ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|l| l.parse::<f64>().ok());
    assert!(loss.is_some_and(|l| l.is_finite() && l > 0.0), "{stderr}");
    let meta = std::fs::read(data_dir.join("model/checkpoint.json")).unwrap();
    serde_json::from_slice(&meta).unwrap()
}

#[test]
fn train_writes_a_checkpoint_and_resumes_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    // This crate's own source is a small corpus with a held-out split.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    let data = dir.path().join("data");

    let first = train(&data, &corpus, "2");
    assert_eq!(first["step"], 2);
    let weights = std::fs::read(data.join("model/unified.safetensors")).unwrap();
    assert_eq!(
        blake3::hash(&weights).to_hex().as_str(),
        first["blake3"].as_str().unwrap()
    );
    assert!(data.join("model/tokenizer.json").exists());

    let second = train(&data, &corpus, "1");
    assert_eq!(second["step"], 3);
    assert_ne!(second["blake3"], first["blake3"]);

    // The checkpoint is the `local` solver of the Colony IQ benchmark: its code decoder writes
    // real candidates that the harness builds and tests (an untrained model passes nothing).
    let out = Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["bench", "iq", "--solver", "local", "--json", "--jobs", "2"])
        .args([
            "--problems",
            "add-months-clamped,caesar-shift",
            "--data-dir",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["solver"], "local");
    assert_eq!(report["iq"].as_f64().unwrap(), 85.0);
    for p in report["problems"].as_array().unwrap() {
        let kind = p["outcome"]["kind"].as_str().unwrap();
        assert!(
            ["compile_error", "failed"].contains(&kind),
            "a candidate was built and tested: {p}"
        );
    }
    // Without a checkpoint the solver says so.
    let none = Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args([
            "bench",
            "iq",
            "--solver",
            "local",
            "--problems",
            "caesar-shift",
        ])
        .arg("--data-dir")
        .arg(dir.path().join("empty"))
        .output()
        .unwrap();
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("x402-node train"));
}
