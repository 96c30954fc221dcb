//! Reads Server-Sent Events: the `data:` payload of each line of a `text/event-stream` body,
//! in bounded memory. The node's event routes (`/swarm/events`, `/soul/events`) send one
//! `data:` line per event; other lines (`event:`, comments, keep-alives) are skipped.
//!
//! A hostile server may send a line that never ends: a line longer than the limit ends the
//! stream with [`SseError::LineTooLong`], so the buffer never holds more than the limit plus one
//! chunk of the body.
//!
//! This module depends on no `crate::` item, so the node's integration tests include it as it is.

use std::pin::Pin;

use futures::{Stream, StreamExt};

/// Default longest line (1 MiB; the node's events are a few KiB).
pub const MAX_LINE: usize = 1 << 20;

/// Why an event stream ended early.
#[derive(Debug, thiserror::Error)]
pub enum SseError {
    /// A line longer than the limit (the rest of the stream is not read).
    #[error("an event stream line is longer than {limit} bytes")]
    LineTooLong {
        /// The limit.
        limit: usize,
    },
    /// The body failed.
    #[error("reading the event stream")]
    Body(#[source] reqwest::Error),
}

/// The `data:` payloads of an event stream, one at a time.
pub struct SseReader<S> {
    body: Pin<Box<S>>,
    buf: Vec<u8>,
    /// Bytes of `buf` already searched for a line end.
    scanned: usize,
    max_line: usize,
    done: bool,
}

/// Reads the body of `resp` with the default line limit.
pub fn from_response(
    resp: reqwest::Response,
) -> SseReader<impl Stream<Item = reqwest::Result<impl AsRef<[u8]>>>> {
    SseReader::new(resp.bytes_stream(), MAX_LINE)
}

impl<S, B> SseReader<S>
where
    S: Stream<Item = reqwest::Result<B>>,
    B: AsRef<[u8]>,
{
    /// Reads `body`, refusing lines longer than `max_line` bytes.
    pub fn new(body: S, max_line: usize) -> Self {
        SseReader {
            body: Box::pin(body),
            buf: Vec::new(),
            scanned: 0,
            max_line,
            done: false,
        }
    }

    /// The next `data:` payload (trimmed), `None` at the end of the stream (a last line without
    /// its line end is dropped), or the error that ended it (then `None`).
    pub async fn next_data(&mut self) -> Option<Result<String, SseError>> {
        loop {
            if let Some(i) = self.buf[self.scanned..].iter().position(|b| *b == b'\n') {
                let end = self.scanned + i;
                self.scanned = 0;
                if end > self.max_line {
                    return self.fail(SseError::LineTooLong {
                        limit: self.max_line,
                    });
                }
                let line: Vec<u8> = self.buf.drain(..=end).collect();
                let line = String::from_utf8_lossy(&line);
                if let Some(data) = line.trim_end().strip_prefix("data:") {
                    return Some(Ok(data.trim().to_string()));
                }
                continue;
            }
            self.scanned = self.buf.len();
            if self.buf.len() > self.max_line {
                return self.fail(SseError::LineTooLong {
                    limit: self.max_line,
                });
            }
            if self.done {
                return None;
            }
            match self.body.next().await {
                Some(Ok(chunk)) => self.buf.extend_from_slice(chunk.as_ref()),
                Some(Err(e)) => return self.fail(SseError::Body(e)),
                None => {
                    self.done = true;
                    self.buf.clear();
                    self.scanned = 0;
                }
            }
        }
    }

    fn fail(&mut self, error: SseError) -> Option<Result<String, SseError>> {
        self.done = true;
        self.buf = Vec::new();
        self.scanned = 0;
        Some(Err(error))
    }
}
