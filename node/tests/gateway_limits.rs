//! Hostile HTTP clients against a real node: idle sockets, slowloris headers, request floods.
//! `/health` stays served to other clients throughout.

mod common;

use std::time::Duration;

use common::Node;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// Connects from `source` (another loopback address stands for another client).
async fn connect_from(source: &str, target: std::net::SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{source}:0").parse().unwrap())?;
    socket.connect(target).await
}

/// A full `GET path` on a fresh connection from `source`; the status code.
async fn get_from(source: &str, target: std::net::SocketAddr, path: &str) -> Option<u16> {
    let mut s = connect_from(source, target).await.ok()?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .ok()?;
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut buf))
        .await
        .ok()?
        .ok()?;
    let text = String::from_utf8_lossy(&buf);
    text.split_whitespace().nth(1)?.parse().ok()
}

/// Whether the server closed `s` (read returns 0 or an error) within `within`.
async fn closed(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(within, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_sockets_slowloris_and_floods_do_not_starve_other_clients() {
    let root = tempfile::tempdir().unwrap();
    let node = Node::start_with(
        root.path(),
        "g",
        &[
            "--offline",
            "--http-header-timeout",
            "2",
            "--http-idle-timeout",
            "3",
            "--http-rate-per-ip",
            "20",
        ]
        .map(String::from),
    );
    node.ready().await;
    // The data dir and everything in it is the owner's only.
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&node.data_dir), 0o700);
        for name in ["node.key", "admin.token", "db/conf", "db/db"] {
            let p = node.data_dir.join(name);
            if p.exists() {
                assert_eq!(mode(&p), 0o600, "{name}");
            }
        }
        assert_eq!(mode(&node.data_dir.join("db")), 0o700);
    }
    let addr: std::net::SocketAddr = node.http.trim_start_matches("http://").parse().unwrap();

    // 1,100 idle sockets from one client: past its per-IP cap they are closed at once.
    let mut idle = Vec::new();
    for _ in 0..1100 {
        if let Ok(s) = connect_from("127.0.0.1", addr).await {
            idle.push(s);
        }
    }
    for _ in 0..20 {
        assert_eq!(
            get_from("127.0.0.2", addr, "/health").await,
            Some(200),
            "/health answers another client while 1,100 idle sockets are open"
        );
    }
    let mut refused = 0;
    for s in idle.iter_mut().rev().take(200) {
        if closed(s, Duration::from_millis(200)).await {
            refused += 1;
        }
    }
    assert!(
        refused >= 190,
        "sockets past the per-IP cap are closed ({refused}/200)"
    );
    // The ones that were accepted are closed once idle for 3 s.
    let mut first = idle.swap_remove(0);
    assert!(
        closed(&mut first, Duration::from_secs(8)).await,
        "idle socket closed"
    );
    drop(idle);

    // Slowloris: headers trickling in one byte a second are cut off after 2 s.
    let mut slow = connect_from("127.0.0.3", addr).await.unwrap();
    let request = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa";
    let mut cut = false;
    for byte in request {
        if slow.write_all(&[*byte]).await.is_err() {
            cut = true;
            break;
        }
        if closed(&mut slow, Duration::from_millis(500)).await {
            cut = true;
            break;
        }
    }
    assert!(
        cut,
        "a slowloris connection is closed before its headers complete"
    );

    // A flood from one address: over its rate, 429 with Retry-After; /health is exempt and
    // other addresses are unaffected.
    let client = reqwest::Client::new();
    let mut limited = 0;
    for _ in 0..120 {
        let r = client
            .get(format!("{}/swarm/status", node.http))
            .send()
            .await
            .unwrap();
        if r.status() == 429 {
            assert!(r.headers().contains_key("retry-after"));
            limited += 1;
        }
    }
    assert!(limited > 0, "a flood is rate limited");
    assert_eq!(
        client
            .get(format!("{}/health", node.http))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        get_from("127.0.0.4", addr, "/swarm/status").await,
        Some(200)
    );
}
