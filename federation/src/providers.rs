//! Which peers hold which blob, and fetching from the first that serves it.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use x402_p2p::blobs::{BlobHash, BlobNode, EndpointId};

use crate::validate::Rejection;

/// Hashes whose holders are remembered; older ones are forgotten first.
pub(crate) const MAX_TRACKED_HASHES: usize = 256;

/// Endpoint ids known to hold each hash, learned from manifests (bounded: a peer announcing
/// endless hashes cannot grow it).
#[derive(Debug, Default)]
pub(crate) struct ProviderIndex {
    next: u64,
    by_hash: HashMap<BlobHash, (u64, Vec<EndpointId>)>,
}

impl ProviderIndex {
    pub(crate) fn add(&mut self, hash: BlobHash, endpoint: EndpointId) {
        if !self.by_hash.contains_key(&hash) && self.by_hash.len() >= MAX_TRACKED_HASHES {
            let oldest = self
                .by_hash
                .iter()
                .min_by_key(|(_, (seq, _))| *seq)
                .map(|(h, _)| *h);
            if let Some(h) = oldest {
                self.by_hash.remove(&h);
            }
        }
        self.next += 1;
        let (seq, holders) = self.by_hash.entry(hash).or_default();
        *seq = self.next;
        if !holders.contains(&endpoint) {
            holders.push(endpoint);
        }
    }

    pub(crate) fn get(&self, hash: &BlobHash) -> Vec<EndpointId> {
        self.by_hash
            .get(hash)
            .map(|(_, holders)| holders.clone())
            .unwrap_or_default()
    }
}

pub(crate) type Providers = Arc<RwLock<ProviderIndex>>;

/// Slowest transfer rate a provider may offer before the next one is tried, bytes per second.
const MIN_RATE: u64 = 1 << 20;

/// Fetches `hash` (`size` bytes) from the first provider that serves it; returns that provider.
///
/// Each provider gets 10 s plus `size` at [`MIN_RATE`]: one that trickles data cannot hold the
/// fetch (a partial download resumes from the next provider).
pub(crate) async fn fetch_from_first(
    blobs: &BlobNode,
    hash: &BlobHash,
    size: u64,
    providers: &[EndpointId],
    tag: &str,
) -> Result<EndpointId, Rejection> {
    let deadline = Duration::from_secs(10) + Duration::from_secs_f64(size as f64 / MIN_RATE as f64);
    let mut failures = Vec::new();
    for p in providers {
        match tokio::time::timeout(deadline, blobs.fetch(hash, std::slice::from_ref(p), tag)).await
        {
            Ok(Ok(_)) => return Ok(*p),
            Ok(Err(e)) => failures.push(format!("{p}: {e}")),
            Err(_) => failures.push(format!("{p}: slower than {deadline:?}")),
        }
    }
    Err(Rejection::Fetch(failures.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_provider_index_is_bounded_and_forgets_the_oldest_hash() {
        let h = |i: usize| BlobHash::of(format!("h{i}").as_bytes());
        let e = |n: u8| x402_p2p::blobs::seed_endpoint_id(&[n; 32]);
        let mut index = ProviderIndex::default();
        index.add(h(0), e(1));
        index.add(h(0), e(2));
        index.add(h(0), e(1));
        assert_eq!(index.get(&h(0)), vec![e(1), e(2)]);
        for i in 1..=MAX_TRACKED_HASHES {
            index.add(h(i), e(3));
        }
        assert_eq!(index.by_hash.len(), MAX_TRACKED_HASHES);
        assert!(index.get(&h(0)).is_empty(), "the oldest hash is forgotten");
        assert_eq!(index.get(&h(MAX_TRACKED_HASHES)), vec![e(3)]);
    }
}
