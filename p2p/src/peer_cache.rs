//! Addresses of peers seen in earlier runs, so a restarted node rejoins without `--bootstrap`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use libp2p::{Multiaddr, PeerId};
use serde::{Deserialize, Serialize};

/// Most peers kept in the cache.
pub const MAX_CACHED_PEERS: usize = 256;
/// Most addresses kept per peer.
pub const MAX_ADDRS_PER_PEER: usize = 8;

/// A JSON file `{ "<peer id>": ["<multiaddr>", ...] }` in the data directory.
#[derive(Debug)]
pub struct PeerCache {
    path: PathBuf,
    peers: BTreeMap<PeerId, Vec<Multiaddr>>,
    dirty: bool,
}

#[derive(Serialize, Deserialize, Default)]
struct OnDisk {
    peers: BTreeMap<String, Vec<String>>,
}

impl PeerCache {
    /// Loads the cache at `path`; a missing or unreadable file gives an empty cache (logged).
    pub fn load(path: &Path) -> Self {
        let mut peers = BTreeMap::new();
        match fs::read(path) {
            Ok(bytes) => match serde_json::from_slice::<OnDisk>(&bytes) {
                Ok(disk) => {
                    for (peer, addrs) in disk.peers {
                        let Ok(peer) = peer.parse::<PeerId>() else {
                            continue;
                        };
                        let addrs: Vec<Multiaddr> =
                            addrs.iter().filter_map(|a| a.parse().ok()).collect();
                        if !addrs.is_empty() {
                            peers.insert(peer, addrs);
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "ignoring corrupt peer cache")
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(path = %path.display(), error = %e, "cannot read peer cache"),
        }
        PeerCache {
            path: path.to_path_buf(),
            peers,
            dirty: false,
        }
    }

    /// Cached peers and their addresses.
    pub fn peers(&self) -> impl Iterator<Item = (&PeerId, &Vec<Multiaddr>)> {
        self.peers.iter()
    }

    /// Records the addresses of `peer` (replacing older ones).
    pub fn insert(&mut self, peer: PeerId, addrs: Vec<Multiaddr>) {
        let mut addrs: Vec<Multiaddr> = addrs
            .into_iter()
            .filter(|a| !a.is_empty())
            .take(MAX_ADDRS_PER_PEER)
            .collect();
        addrs.dedup();
        if addrs.is_empty() || self.peers.get(&peer) == Some(&addrs) {
            return;
        }
        if !self.peers.contains_key(&peer) && self.peers.len() >= MAX_CACHED_PEERS {
            return;
        }
        self.peers.insert(peer, addrs);
        self.dirty = true;
    }

    /// Writes the cache if it changed (atomically: temp file + rename).
    pub fn save(&mut self) -> std::io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let disk = OnDisk {
            peers: self
                .peers
                .iter()
                .map(|(p, a)| (p.to_base58(), a.iter().map(|a| a.to_string()).collect()))
                .collect(),
        };
        let tmp = self.path.with_extension("tmp");
        fs::write(&tmp, serde_json::to_vec_pretty(&disk)?)?;
        fs::rename(&tmp, &self.path)?;
        self.dirty = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survives_a_reload_and_ignores_garbage() {
        let dir = std::env::temp_dir().join(format!("x402-cache-{}", rand::random::<u64>()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("peers.json");
        let p = PeerId::random();
        let mut c = PeerCache::load(&path);
        c.insert(p, vec!["/ip4/127.0.0.1/tcp/4024".parse().unwrap()]);
        c.save().unwrap();
        let c2 = PeerCache::load(&path);
        assert_eq!(c2.peers().count(), 1);
        assert_eq!(c2.peers().next().unwrap().0, &p);
        fs::write(&path, b"{nope").unwrap();
        assert_eq!(PeerCache::load(&path).peers().count(), 0);
        fs::remove_dir_all(dir).unwrap();
    }
}
