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

#[test]
fn train_learns_the_cartridge_corpus_with_files_held_out() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let cartridges = corpus.join("training_data/cartridges");
    std::fs::create_dir_all(cartridges.join("small")).unwrap();
    std::fs::create_dir_all(corpus.join("src")).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for name in ["train.rs", "cli.rs", "cartridge_cli.rs", "status.rs"] {
        std::fs::copy(src.join(name), corpus.join("src").join(name)).unwrap();
    }
    let names: Vec<String> = (0..30).map(|i| format!("add-{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        std::fs::write(
            cartridges.join(format!("small/{name}.rs")),
            format!(
                "//! Answer {i} plus the number in the body.\n//! smoke: {{\"request\": {{}}, \"status\": 200}}\n#![no_std]\nfn add(x: u32) -> u32 {{ x + {i} }}\n"
            ),
        )
        .unwrap();
    }
    // A file that does not parse is skipped, not trained on.
    std::fs::write(cartridges.join("small/bad.rs"), "fn no_header() {}\n").unwrap();
    let held = names
        .iter()
        .filter(|n| x402_model::pairs::held_out(n))
        .count();
    assert!(held > 0 && held < names.len(), "{held} of 30 held out");

    let out = Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["train", "--steps", "1", "--data-dir"])
        .arg(dir.path().join("data"))
        .arg("--corpus")
        .arg(&corpus)
        .arg("--cartridges")
        .arg(&cartridges)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "cartridge corpus: 30 files ({} trained on, {held} held out; 1 invalid files skipped, 31 text chunks of it left out of the stream)",
            30 - held
        )),
        "{stderr}"
    );
    let loss = stderr
        .split("held-out corpus loss ")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"));
    let value: f64 = loss.split_whitespace().next().unwrap().parse().unwrap();
    assert!(value.is_finite() && value > 0.0, "{stderr}");
    assert!(
        loss.starts_with(&format!("{value:.3} ({held} files)")),
        "{stderr}"
    );
}
