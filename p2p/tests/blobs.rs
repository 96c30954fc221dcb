//! Blob layer over real iroh endpoints on loopback with real file stores in temp dirs.

use std::time::{Duration, Instant};

use rand::RngCore;
use tempfile::TempDir;
use x402_p2p::blobs::{BlobConfig, BlobError, BlobHash, BlobNode, seed_endpoint_id};

const MIB: usize = 1024 * 1024;

fn seed() -> [u8; 32] {
    rand::random()
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    rand::rng().fill_bytes(&mut v);
    v
}

async fn node(dir: &TempDir) -> BlobNode {
    node_with(BlobConfig::new(dir.path(), seed())).await
}

async fn node_with(config: BlobConfig) -> BlobNode {
    BlobNode::spawn(config.connect_timeout(Duration::from_secs(2)))
        .await
        .expect("spawn blob node")
}

/// Makes `provider` known to `fetcher`.
fn introduce(fetcher: &BlobNode, provider: &BlobNode) {
    fetcher
        .add_provider(provider.endpoint_id(), &provider.direct_addrs())
        .expect("add provider");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_and_peer_assisted_fanout() {
    let (da, db, dc) = (
        TempDir::new().unwrap(),
        TempDir::new().unwrap(),
        TempDir::new().unwrap(),
    );
    let (a, b, c) = (node(&da).await, node(&db).await, node(&dc).await);
    let data = random_bytes(3 * MIB);
    let hash = a.add_bytes(data.clone(), "round-1/a").await.unwrap();
    assert_eq!(hash.as_bytes(), blake3::hash(&data).as_bytes());
    assert_eq!(hash, BlobHash::of(&data));

    introduce(&b, &a);
    let t = Instant::now();
    let size = b
        .fetch(&hash, &[a.endpoint_id()], "round-1/a")
        .await
        .unwrap();
    eprintln!("3 MiB fetch (debug build): {:?}", t.elapsed());
    assert_eq!(size, data.len() as u64);
    assert!(b.has(&hash).await);
    assert_eq!(b.read(&hash).await.unwrap(), data);
    let listed = b.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].hash, hash);
    assert_eq!(listed[0].size, data.len() as u64);
    assert_eq!(listed[0].tags, vec!["round-1/a".to_string()]);

    // The creator goes away; C gets the blob from B, which only fetched it.
    a.shutdown().await.unwrap();
    introduce(&c, &b);
    let size = c.fetch(&hash, &[b.endpoint_id()], "agg").await.unwrap();
    assert_eq!(size, data.len() as u64);
    let got = c.read(&hash).await.unwrap();
    assert_eq!(BlobHash::of(&got), hash);
    assert_eq!(got, data);

    b.shutdown().await.unwrap();
    c.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_hash_and_provider_failover() {
    let (da, db, dd) = (
        TempDir::new().unwrap(),
        TempDir::new().unwrap(),
        TempDir::new().unwrap(),
    );
    let (a, b) = (node(&da).await, node(&db).await);
    let data = random_bytes(256 * 1024);
    let hash = a.add_bytes(data.clone(), "w").await.unwrap();
    introduce(&b, &a);

    // A hash nobody has: clear error naming the provider, node keeps working.
    let unknown = BlobHash::of(b"nobody has this");
    let err = b
        .fetch(&unknown, &[a.endpoint_id()], "x")
        .await
        .unwrap_err();
    match &err {
        BlobError::AllProvidersFailed { hash, failures } => {
            assert_eq!(*hash, unknown);
            assert_eq!(failures.len(), 1);
            assert_eq!(failures[0].provider, a.endpoint_id());
        }
        other => panic!("unexpected error {other:?}"),
    }
    eprintln!("unknown hash: {err}");
    assert!(!b.has(&unknown).await);
    assert!(matches!(
        b.read(&unknown).await,
        Err(BlobError::NotFound(_))
    ));

    // A provider that is down (registered, then shut down) and one never registered come first.
    let dead = node(&dd).await;
    introduce(&b, &dead);
    let dead_id = dead.endpoint_id();
    dead.shutdown().await.unwrap();
    let stranger = seed_endpoint_id(&seed());
    let t = Instant::now();
    let size = b
        .fetch(&hash, &[dead_id, stranger, a.endpoint_id()], "w")
        .await
        .unwrap();
    eprintln!("failover took {:?}", t.elapsed());
    assert_eq!(size, data.len() as u64);
    assert_eq!(b.read(&hash).await.unwrap(), data);

    // All providers down: each failure is reported.
    let other = BlobHash::of(b"other");
    let err = b
        .fetch(&other, std::slice::from_ref(&dead_id), "y")
        .await
        .unwrap_err();
    eprintln!("dead provider: {err}");
    assert!(err.to_string().contains(&dead_id.to_string()), "{err}");
    assert!(matches!(
        b.fetch(&other, &[], "y").await,
        Err(BlobError::NoProviders(_))
    ));

    a.shutdown().await.unwrap();
    b.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blobs_survive_restart() {
    let dir = TempDir::new().unwrap();
    let s = seed();
    let n = node_with(BlobConfig::new(dir.path(), s)).await;
    let id = n.endpoint_id();
    let data = random_bytes(MIB + 17);
    let small = b"tiny inline blob".to_vec();
    let hash = n.add_bytes(data.clone(), "keep").await.unwrap();
    let hash_small = n.add_bytes(small.clone(), "small").await.unwrap();
    n.shutdown().await.unwrap();

    let n = node_with(BlobConfig::new(dir.path(), s)).await;
    assert_eq!(n.endpoint_id(), id);
    let listed = n.list().await.unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    let big = listed
        .iter()
        .find(|b| b.hash == hash)
        .expect("big blob listed");
    assert_eq!(big.size, data.len() as u64);
    assert_eq!(big.tags, vec!["keep".to_string()]);
    assert_eq!(n.read(&hash).await.unwrap(), data);
    assert_eq!(n.read(&hash_small).await.unwrap(), small);
    assert_eq!(n.tag("keep").await.unwrap(), Some(hash));
    n.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_blob_size_enforced_on_fetch() {
    let (da, db) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let a = node(&da).await;
    let b = node_with(BlobConfig::new(db.path(), seed()).max_blob_size(MIB as u64)).await;
    let big = random_bytes(2 * MIB);
    let ok = random_bytes(MIB);
    let big_hash = a.add_bytes(big, "big").await.unwrap();
    let ok_hash = a.add_bytes(ok.clone(), "ok").await.unwrap();
    introduce(&b, &a);

    let err = b
        .fetch(&big_hash, &[a.endpoint_id()], "big")
        .await
        .unwrap_err();
    eprintln!("too large: {err}");
    match err {
        BlobError::TooLarge { size, max, .. } => {
            assert_eq!(size, 2 * MIB as u64);
            assert_eq!(max, MIB as u64);
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert!(!b.has(&big_hash).await);
    assert_eq!(b.tag("big").await.unwrap(), None);
    // Exactly at the limit is fine.
    assert_eq!(
        b.fetch(&ok_hash, &[a.endpoint_id()], "ok").await.unwrap(),
        MIB as u64
    );
    assert_eq!(b.read(&ok_hash).await.unwrap(), ok);
    a.shutdown().await.unwrap();
    b.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_replace_prune_and_gc() {
    let dir = TempDir::new().unwrap();
    let n = node_with(
        BlobConfig::new(dir.path(), seed()).gc_interval(Some(Duration::from_millis(100))),
    )
    .await;
    let mut hashes = Vec::new();
    for r in [1, 2, 9, 10, 11] {
        let data = random_bytes(64 * 1024);
        hashes.push(n.add_bytes(data, &format!("round-{r}")).await.unwrap());
    }
    // Re-adding under an existing name moves the tag.
    let replaced = n.add_bytes(random_bytes(1024), "round-11").await.unwrap();
    assert_eq!(n.tag("round-11").await.unwrap(), Some(replaced));

    let deleted = n.prune_tags("round-", 2).await.unwrap();
    assert_eq!(deleted, vec!["round-1", "round-2", "round-9"]);
    assert!(n.delete_tag("round-10").await.unwrap());
    assert!(!n.delete_tag("round-10").await.unwrap());

    // Untagged blobs are collected; the tagged one stays.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let listed = n.list().await.unwrap();
        if listed.len() == 1 {
            assert_eq!(listed[0].hash, replaced);
            break;
        }
        assert!(Instant::now() < deadline, "gc did not collect: {listed:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for h in &hashes {
        assert!(!n.has(h).await);
    }
    n.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_id_is_the_libp2p_key() {
    let s = seed();
    let keypair = libp2p::identity::Keypair::ed25519_from_bytes(s).unwrap();
    let libp2p_pk = keypair.public().try_into_ed25519().unwrap().to_bytes();
    let id = seed_endpoint_id(&s);
    assert_eq!(*id.as_bytes(), libp2p_pk);
    let peer = keypair.public().to_peer_id();
    assert_eq!(x402_p2p::blobs::peer_id_to_endpoint_id(&peer).unwrap(), id);

    let dir = TempDir::new().unwrap();
    let n = node_with(BlobConfig::new(dir.path(), s)).await;
    assert_eq!(n.endpoint_id(), id);
    // A provider known by its libp2p peer id is converted once, then given by endpoint id.
    n.add_provider(
        x402_p2p::blobs::peer_id_to_endpoint_id(&peer).unwrap(),
        &["127.0.0.1:1".parse().unwrap()],
    )
    .unwrap();
    n.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unspecified_bind_lists_loopback() {
    let dir = TempDir::new().unwrap();
    let n = node_with(BlobConfig::new(dir.path(), seed()).bind("0.0.0.0:0".parse().unwrap())).await;
    let addrs = n.direct_addrs();
    eprintln!("direct addrs: {addrs:?}");
    assert!(addrs.iter().any(|a| a.ip().is_loopback() && a.port() != 0));
    assert!(addrs.iter().all(|a| !a.ip().is_unspecified()));
    n.shutdown().await.unwrap();
}

/// Throughput of one provider → one fetcher on loopback. Run with
/// `cargo test --release -p x402-p2p --test blobs -- --ignored --nocapture bench_fetch`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn bench_fetch_throughput() {
    let mib: usize = std::env::var("BLOB_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let (da, db) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (a, b) = (node(&da).await, node(&db).await);
    let data = random_bytes(mib * MIB);
    let t = Instant::now();
    let hash = a.add_bytes(data.clone(), "bench").await.unwrap();
    let add = t.elapsed();
    introduce(&b, &a);
    let t = Instant::now();
    b.fetch(&hash, &[a.endpoint_id()], "bench").await.unwrap();
    let fetch = t.elapsed();
    let t = Instant::now();
    let got = b.read(&hash).await.unwrap();
    let read = t.elapsed();
    assert_eq!(got.len(), data.len());
    assert!(got == data);
    let rate = |d: Duration| mib as f64 / d.as_secs_f64();
    println!(
        "{mib} MiB: add {add:?} ({:.0} MiB/s), fetch {fetch:?} ({:.0} MiB/s), read {read:?} ({:.0} MiB/s)",
        rate(add),
        rate(fetch),
        rate(read)
    );
    a.shutdown().await.unwrap();
    b.shutdown().await.unwrap();
}
