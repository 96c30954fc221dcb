//! `x402-node train` on a small corpus: trains the unified model and writes a checkpoint whose
//! weights match their recorded hash, then resumes from it.

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
}
