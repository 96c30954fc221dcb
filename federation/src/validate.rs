//! Checks a fetched weights file against its manifest and the model before it is trusted.
//!
//! One pass, cheapest checks first: declared size and hash, the safetensors header (dtype, names,
//! shapes: the architecture), finite values (safetensors itself does not check values), the
//! declared norm, then the distance from the round's base weights, bounded so one worker cannot
//! drag the colony far in a single round even under FedAvg.

use libp2p::PeerId;
use x402_model::{Architecture, Weights, WeightsError};
use x402_p2p::blobs::BlobHash;
use x402_p2p::envelope::{EnvelopeError, WeightsManifest};

/// Why an update or aggregate was rejected. Counted per peer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Rejection {
    /// The manifest's signature does not verify (reported by gossip validation).
    #[error("unsigned or badly signed manifest")]
    Unsigned(#[source] EnvelopeError),
    /// Gossip validation refused the manifest for another reason (fields, sender, topic).
    #[error("invalid manifest")]
    Manifest(#[source] EnvelopeError),
    /// The manifest names another model or architecture than this node runs.
    #[error("architecture {found} does not match this model's {expected}")]
    WrongArchitecture {
        /// Digest this node expects.
        expected: BlobHash,
        /// Digest announced or found.
        found: BlobHash,
    },
    /// The bytes do not hash to the announced hash.
    #[error("content hash {found} does not match the announced {announced}")]
    HashMismatch {
        /// Announced hash.
        announced: BlobHash,
        /// Hash of the bytes received.
        found: BlobHash,
    },
    /// The file is not the announced size.
    #[error("file of {found} bytes, announced {announced}")]
    SizeMismatch {
        /// Announced size.
        announced: u64,
        /// Actual size.
        found: u64,
    },
    /// Not a valid safetensors file of f32 tensors with finite values.
    #[error("invalid weights file: {0}")]
    Invalid(String),
    /// The announced norm is not the norm of the weights.
    #[error("announced l2 norm {announced} but the weights have {found}")]
    NormMismatch {
        /// Announced norm.
        announced: f64,
        /// Computed norm.
        found: f64,
    },
    /// Moved further from the base than the bound allows.
    #[error("update moved {distance:.3} from the round's base weights (bound {bound:.3})")]
    TooFar {
        /// L2 distance from the base.
        distance: f64,
        /// Bound in force.
        bound: f64,
    },
    /// Built on other weights than the round's base.
    #[error("update trained from {found}, but the round's base is {expected}")]
    WrongBase {
        /// The round's base hash.
        expected: BlobHash,
        /// The manifest's base.
        found: BlobHash,
    },
    /// For a round other than the one being collected.
    #[error("update for round {found}, collecting round {expected}")]
    WrongRound {
        /// Round being collected.
        expected: u64,
        /// Round in the manifest.
        found: u64,
    },
    /// An aggregate from a queen of an old term, or from a peer that is not the queen (boxed:
    /// two peer ids would make every `Result<_, Rejection>` large).
    #[error(
        "aggregate of term {} from {}, but the current queen is {}",
        .0.term,
        .0.author,
        fmt_queen(&.0.queen)
    )]
    NotTheQueen(Box<StaleAggregate>),
    /// The same bytes were already submitted for this round (Sybil copies count once).
    #[error("duplicate of an update already collected")]
    Duplicate,
    /// The blob could not be fetched from any provider.
    #[error("fetch failed: {0}")]
    Fetch(String),
}

/// `Some((peer, term))` as before ids were typed: `Some(("<peer>", <term>))`, or `None`.
/// Who sent an aggregate that does not come from the followed queen's current term.
#[derive(Debug, Clone, PartialEq)]
pub struct StaleAggregate {
    /// Author of the aggregate.
    pub author: PeerId,
    /// Term it claims.
    pub term: u64,
    /// The queen this node follows, with her term.
    pub queen: Option<(PeerId, u64)>,
}

fn fmt_queen(queen: &Option<(PeerId, u64)>) -> String {
    match queen {
        Some((peer, term)) => format!("Some((\"{peer}\", {term}))"),
        None => "None".into(),
    }
}

impl Rejection {
    /// Short label for metrics (`reason` label).
    pub fn reason(&self) -> &'static str {
        match self {
            Rejection::Unsigned(_) => "unsigned",
            Rejection::Manifest(_) => "invalid",
            Rejection::WrongArchitecture { .. } => "architecture",
            Rejection::HashMismatch { .. } => "hash",
            Rejection::SizeMismatch { .. } => "size",
            Rejection::Invalid(_) => "invalid",
            Rejection::NormMismatch { .. } => "norm_mismatch",
            Rejection::TooFar { .. } => "norm_bound",
            Rejection::WrongBase { .. } => "base",
            Rejection::WrongRound { .. } => "round",
            Rejection::NotTheQueen(_) => "stale_term",
            Rejection::Duplicate => "duplicate",
            Rejection::Fetch(_) => "fetch",
        }
    }
}

impl From<EnvelopeError> for Rejection {
    /// Gossip validation's verdict on a weights manifest, classified by variant: a signature
    /// that does not verify is `Unsigned`, anything else `Manifest`.
    fn from(e: EnvelopeError) -> Self {
        match e {
            EnvelopeError::BadSignature { .. } => Rejection::Unsigned(e),
            other => Rejection::Manifest(other),
        }
    }
}

impl From<WeightsError> for Rejection {
    fn from(e: WeightsError) -> Self {
        Rejection::Invalid(e.to_string())
    }
}

/// `error: cause: cause…`: how a rejection reaches the status (`last`) and the log, rendered once.
pub(crate) fn report(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// Parses and checks `bytes` announced by `manifest` for a model of `arch`.
///
/// `base` and `max_distance`, when given, bound the L2 distance of the weights from the round's
/// base weights.
pub fn validate(
    manifest: &WeightsManifest,
    bytes: &[u8],
    arch: &Architecture,
    base: Option<(&Weights, f64)>,
) -> Result<Weights, Rejection> {
    let expected = BlobHash::from(arch.digest());
    if manifest.arch != expected {
        return Err(Rejection::WrongArchitecture {
            expected,
            found: manifest.arch,
        });
    }
    if bytes.len() as u64 != manifest.size {
        return Err(Rejection::SizeMismatch {
            announced: manifest.size,
            found: bytes.len() as u64,
        });
    }
    let found = BlobHash::of(bytes);
    if found != manifest.hash {
        return Err(Rejection::HashMismatch {
            announced: manifest.hash,
            found,
        });
    }
    let weights = Weights::from_safetensors(bytes)?;
    // Only the deterministic encoding: the same weights re-encoded (metadata, other tensor
    // order) would otherwise count as a different update.
    if weights.to_safetensors() != bytes {
        return Err(Rejection::Invalid(
            "not the canonical safetensors encoding".into(),
        ));
    }
    let found_arch = weights.architecture();
    if &found_arch != arch {
        return Err(Rejection::WrongArchitecture {
            expected,
            found: BlobHash::from(found_arch.digest()),
        });
    }
    let norm = weights.l2_norm();
    if (norm - manifest.l2_norm).abs() > 1e-6 * norm.max(1.0) {
        return Err(Rejection::NormMismatch {
            announced: manifest.l2_norm,
            found: norm,
        });
    }
    if let Some((base, bound)) = base {
        let distance = distance(&weights, base);
        if distance.is_nan() || distance > bound {
            return Err(Rejection::TooFar { distance, bound });
        }
    }
    Ok(weights)
}

/// L2 distance between two weight sets of the same architecture.
pub fn distance(a: &Weights, b: &Weights) -> f64 {
    a.iter()
        .filter_map(|(name, t)| Some((t, b.get(name)?)))
        .flat_map(|(x, y)| x.data.iter().zip(&y.data))
        .map(|(&x, &y)| {
            let d = x as f64 - y as f64;
            d * d
        })
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use x402_model::Tensor;
    use x402_p2p::envelope::BlobEndpoint;

    fn weights(values: Vec<f32>) -> Weights {
        let mut w = Weights::new();
        w.insert(
            "w",
            Tensor {
                shape: vec![values.len()],
                data: values,
            },
        )
        .unwrap();
        w
    }

    fn manifest_for(w: &Weights, bytes: &[u8]) -> WeightsManifest {
        WeightsManifest {
            model: "brain".into(),
            round: 1,
            term: 1,
            base: BlobHash::from([0; 32]),
            hash: BlobHash::of(bytes),
            size: bytes.len() as u64,
            samples: 10,
            l2_norm: w.l2_norm(),
            arch: BlobHash::from(w.architecture().digest()),
            endpoint: BlobEndpoint {
                id: x402_p2p::blobs::seed_endpoint_id(&[1; 32]),
                addrs: vec![],
            },
            signature: String::new(),
        }
    }

    /// Gossip validation's real errors, classified by variant (never by their text).
    #[test]
    fn a_badly_signed_manifest_is_unsigned_and_other_gossip_errors_invalid() {
        use x402_p2p::envelope::Envelope;
        use x402_p2p::{Payload, SwarmTopic};

        let key = libp2p::identity::Keypair::generate_ed25519();
        let me = key.public().to_peer_id();
        let w = weights(vec![0.6; 4]);
        let mut m = manifest_for(&w, &w.to_safetensors());
        m.endpoint.id = x402_p2p::blobs::peer_id_to_endpoint_id(&me).unwrap();
        let signed = m.sign("weights_update", &key);
        let now = 1_700_000_000_000;
        let decode = |m: WeightsManifest, swarm: &str| {
            let wire = Envelope::new(swarm, me, 1, now, Payload::WeightsUpdate(m)).encode();
            Envelope::decode(&wire, SwarmTopic::Weights, "s", &me, now)
        };
        assert!(decode(signed.clone(), "s").is_ok());

        // Changed after signing: the signature no longer verifies.
        let mut tampered = signed.clone();
        tampered.round += 1;
        let why = Rejection::from(decode(tampered, "s").unwrap_err());
        assert!(
            matches!(
                &why,
                Rejection::Unsigned(EnvelopeError::BadSignature { .. })
            ),
            "{why:?}"
        );
        assert_eq!(why.reason(), "unsigned");
        // The cause is kept and rendered once, where the rejection leaves as text.
        assert!(std::error::Error::source(&why).is_some());
        assert!(report(&why).starts_with("unsigned or badly signed manifest: "));

        // Another swarm's envelope is refused, but not as a signature problem.
        let why = Rejection::from(decode(signed, "other").unwrap_err());
        assert!(
            matches!(&why, Rejection::Manifest(EnvelopeError::WrongSwarm(_))),
            "{why:?}"
        );
        assert_eq!(why.reason(), "invalid");
    }

    #[test]
    fn a_good_update_passes_and_each_kind_of_poison_is_named() {
        let base = weights(vec![0.5; 64]);
        let arch = base.architecture();
        let good = weights(vec![0.6; 64]);
        let bytes = good.to_safetensors();
        let m = manifest_for(&good, &bytes);
        assert_eq!(
            validate(&m, &bytes, &arch, Some((&base, 5.0))).unwrap(),
            good
        );

        // Hash mismatch: other bytes under the same manifest.
        let other = weights(vec![0.7; 64]).to_safetensors();
        let err = validate(&m, &other, &arch, None).unwrap_err();
        assert_eq!(err.reason(), "hash");

        // Wrong shape.
        let wide = weights(vec![0.6; 65]);
        let wide_bytes = wide.to_safetensors();
        let mut wm = manifest_for(&wide, &wide_bytes);
        wm.arch = BlobHash::from(arch.digest());
        assert_eq!(
            validate(&wm, &wide_bytes, &arch, None)
                .unwrap_err()
                .reason(),
            "architecture"
        );

        // Huge norm: far from the base.
        let huge = weights(vec![1e4; 64]);
        let huge_bytes = huge.to_safetensors();
        let err = validate(
            &manifest_for(&huge, &huge_bytes),
            &huge_bytes,
            &arch,
            Some((&base, 5.0)),
        )
        .unwrap_err();
        assert_eq!(err.reason(), "norm_bound", "{err}");

        // NaN: a valid safetensors file carrying a NaN, hashed and announced honestly.
        let mut nan_bytes = bytes.clone();
        let at = nan_bytes.len() - 4;
        nan_bytes[at..].copy_from_slice(&f32::NAN.to_le_bytes());
        let mut nm = m.clone();
        nm.hash = BlobHash::of(&nan_bytes);
        let err = validate(&nm, &nan_bytes, &arch, None).unwrap_err();
        assert_eq!(err.reason(), "invalid", "{err}");

        // A lie about the norm.
        let mut lie = m.clone();
        lie.l2_norm *= 2.0;
        assert_eq!(
            validate(&lie, &bytes, &arch, None).unwrap_err().reason(),
            "norm_mismatch"
        );

        // Truncated file.
        let mut short = m.clone();
        short.size = 10;
        short.hash = BlobHash::of(&bytes[..10]);
        assert_eq!(
            validate(&short, &bytes[..10], &arch, None)
                .unwrap_err()
                .reason(),
            "invalid"
        );
    }
}
