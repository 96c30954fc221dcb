//! Reads the plain (stable) libtest output of a test binary run with `--test-threads=1`:
//! `test <name> ... ok|FAILED|ignored` lines, the `test result:` summary, and a bounded tail of
//! the rest as feedback.

use std::collections::VecDeque;

/// Most test names kept.
const MAX_NAMES: usize = 1024;
/// Bytes of output kept as feedback (the last lines).
pub const FEEDBACK_BYTES: usize = 4096;

/// What a test binary printed, folded line by line.
#[derive(Debug, Default)]
pub struct TestLog {
    passed: Vec<String>,
    failed: Vec<String>,
    /// A test that started and never finished (the process died in it).
    running: Option<String>,
    summary: Option<Summary>,
    tail: VecDeque<String>,
    tail_bytes: usize,
}

/// The `test result:` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// `ok` (true) or `FAILED`.
    pub ok: bool,
    /// Passed count.
    pub passed: usize,
    /// Failed count.
    pub failed: usize,
}

fn parse_summary(rest: &str) -> Option<Summary> {
    let (verdict, counts) = rest.split_once(". ")?;
    let count = |label: &str| {
        counts.split(';').find_map(|part| {
            let (n, l) = part.trim().split_once(' ')?;
            (l == label).then(|| n.parse::<usize>().ok()).flatten()
        })
    };
    Some(Summary {
        ok: verdict == "ok",
        passed: count("passed")?,
        failed: count("failed")?,
    })
}

impl TestLog {
    /// Folds one line (stdout or stderr) in.
    pub fn line(&mut self, raw: &[u8]) {
        let text = String::from_utf8_lossy(raw);
        let line = text.trim_end();
        if let Some(rest) = line.strip_prefix("test result: ") {
            self.summary = parse_summary(rest);
        } else if let Some(rest) = line.strip_prefix("test ") {
            if let Some((name, status)) = rest.rsplit_once(" ... ") {
                let list = match status {
                    "ok" => Some(&mut self.passed),
                    "FAILED" => Some(&mut self.failed),
                    _ => None,
                };
                if let Some(list) = list
                    && list.len() < MAX_NAMES
                {
                    list.push(name.to_owned());
                }
                self.running = None;
                return;
            } else if let Some(name) = rest.strip_suffix(" ...") {
                // Printed when a test starts; the result follows on the same line.
                self.running = Some(name.to_owned());
                return;
            }
        }
        self.keep(line);
    }

    fn keep(&mut self, line: &str) {
        let line: String = line.chars().take(FEEDBACK_BYTES).collect();
        self.tail_bytes += line.len() + 1;
        self.tail.push_back(line);
        while self.tail_bytes > FEEDBACK_BYTES {
            match self.tail.pop_front() {
                Some(old) => self.tail_bytes -= old.len() + 1,
                None => break,
            }
        }
    }

    /// True when the summary says every test passed, at least one ran, and every pass was
    /// reported by name (a process that exits 0 before the summary does not pass).
    pub fn all_passed(&self) -> bool {
        matches!(self.summary, Some(s) if s.ok && s.failed == 0 && s.passed > 0 && s.passed == self.passed.len())
            && self.failed.is_empty()
            && self.running.is_none()
    }

    /// The summary line, if printed.
    pub fn summary(&self) -> Option<Summary> {
        self.summary
    }

    /// Failing tests: those reported FAILED, then the one that was running when the process died.
    pub fn failing(&self) -> Vec<String> {
        let mut names = self.failed.clone();
        names.extend(self.running.clone());
        names
    }

    /// The last [`FEEDBACK_BYTES`] of other output (panic messages, assertion diffs).
    pub fn tail(&self) -> String {
        self.tail.iter().map(|l| format!("{l}\n")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(text: &str) -> TestLog {
        let mut l = TestLog::default();
        for line in text.split('\n') {
            l.line(line.as_bytes());
        }
        l
    }

    #[test]
    fn passing_run() {
        let l = log(
            "\nrunning 2 tests\ntest a ... ok\ntest b::c ... ok\n\ntest result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n",
        );
        assert!(l.all_passed());
        assert!(l.failing().is_empty());
    }

    #[test]
    fn failing_and_crashed_runs() {
        let l = log(
            "running 2 tests\ntest a ... ok\ntest b ... FAILED\n\nfailures:\n\n---- b stdout ----\nassertion failed\n\ntest result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n",
        );
        assert!(!l.all_passed());
        assert_eq!(l.failing(), ["b"]);
        assert!(l.tail().contains("assertion failed"));

        let crashed = log("running 3 tests\ntest a ... ok\ntest big ... ");
        assert!(!crashed.all_passed());
        assert_eq!(crashed.failing(), ["big"]);
    }

    #[test]
    fn exit_before_summary_is_not_a_pass() {
        assert!(!log("running 2 tests\ntest a ... ok\n").all_passed());
        // A forged summary that does not match the named passes.
        assert!(!log("test result: ok. 2 passed; 0 failed; 0 ignored\n").all_passed());
        assert!(
            !log("running 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored\n")
                .all_passed()
        );
    }
}
