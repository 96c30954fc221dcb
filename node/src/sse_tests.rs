//! Tests of [`crate::sse`]: events split anywhere, and a hostile server's endless line.

use futures::stream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::sse::{self, SseError, SseReader};

fn chunks(parts: &[&[u8]]) -> impl futures::Stream<Item = reqwest::Result<Vec<u8>>> + use<> {
    let parts: Vec<reqwest::Result<Vec<u8>>> = parts.iter().map(|p| Ok(p.to_vec())).collect();
    stream::iter(parts)
}

async fn all(
    mut r: SseReader<impl futures::Stream<Item = reqwest::Result<Vec<u8>>>>,
) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(d) = r.next_data().await {
        out.push(d.expect("no error"));
    }
    out
}

#[tokio::test]
async fn data_lines_are_read_however_the_body_is_split() {
    let body: &[u8] =
        b"event: bloch\ndata: {\"a\":1}\n\n: keep-alive\r\ndata:2\r\n\ndata: tail-without-newline";
    let whole = all(SseReader::new(chunks(&[body]), 64)).await;
    assert_eq!(whole, ["{\"a\":1}", "2"]);
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(all(SseReader::new(chunks(&bytes), 64)).await, whole);
}

#[tokio::test]
async fn a_line_over_the_limit_ends_the_stream() {
    let long = [b"data: ".as_slice(), &[b'x'; 100], b"\ndata: after\n"].concat();
    let mut r = SseReader::new(chunks(&[b"data: before\n", &long]), 64);
    assert_eq!(r.next_data().await.unwrap().unwrap(), "before");
    assert!(matches!(
        r.next_data().await,
        Some(Err(SseError::LineTooLong { limit: 64 }))
    ));
    assert!(
        r.next_data().await.is_none(),
        "nothing is read after the error"
    );
}

/// Most a hostile server sends: "endless" for a bounded reader, and a bounded memory cost if a
/// regression made the reader buffer it all.
const HOSTILE_BYTES: u64 = 64 * 1024 * 1024;

/// A server that answers with an event stream whose first line does not end: it writes until the
/// client goes away (or [`HOSTILE_BYTES`], then closes) and returns how many bytes it wrote.
async fn endless_line_server() -> (String, tokio::task::JoinHandle<u64>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/swarm/events?topic=bloch",
        listener.local_addr().unwrap()
    );
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 1024];
        let _ = socket.read(&mut request).await.unwrap();
        socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\ndata: ")
            .await
            .unwrap();
        let block = vec![b'a'; 64 * 1024];
        let mut written = 0u64;
        while written < HOSTILE_BYTES && socket.write_all(&block).await.is_ok() {
            written += block.len() as u64;
        }
        written
    });
    (url, server)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_endless_line_is_refused_not_buffered() {
    let (url, server) = endless_line_server().await;
    let resp = reqwest::get(&url).await.unwrap();
    let mut reader = SseReader::new(resp.bytes_stream(), 256 * 1024);
    // Without a bound this would buffer the whole line and end with `None` at the close.
    let first = tokio::time::timeout(std::time::Duration::from_secs(120), reader.next_data())
        .await
        .expect("the reader gives up on the endless line");
    assert!(
        matches!(first, Some(Err(SseError::LineTooLong { limit: 262_144 }))),
        "{first:?}"
    );
    assert!(reader.next_data().await.is_none());
    drop(reader);
    // The client hung up: the server stops, having sent a bounded amount (the limit, one body
    // chunk and what the sockets buffer), not an ever-growing line.
    let written = server.await.unwrap();
    assert!(written < HOSTILE_BYTES, "{written} bytes");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_default_limit_applies_to_responses() {
    let (url, server) = endless_line_server().await;
    let mut reader = sse::from_response(reqwest::get(&url).await.unwrap());
    let first = tokio::time::timeout(std::time::Duration::from_secs(120), reader.next_data())
        .await
        .expect("the reader gives up on the endless line");
    assert!(
        matches!(
            first,
            Some(Err(SseError::LineTooLong {
                limit: sse::MAX_LINE
            }))
        ),
        "{first:?}"
    );
    drop(reader);
    server.await.unwrap();
}
