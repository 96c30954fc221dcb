//! The versioned JSON envelope every gossip message travels in, and its validation.
//!
//! Wire format (one JSON object per gossipsub message, UTF-8):
//!
//! ```json
//! {"v":1,"swarm":"tempo-x402","sender":"12D3KooW...","seq":1732611000000001,
//!  "sent_ms":1732611000123,"kind":"bloch","body":{"theta":1.57,"phi":0.0,"d_theta":0.0,"d_phi":0.0}}
//! ```
//!
//! - `v`: schema version, currently [`VERSION`]; other versions are rejected.
//! - `swarm`: swarm name; must match the receiver's.
//! - `sender`: the libp2p peer id of the author; must equal the gossipsub-signed `source`.
//! - `seq`: increasing per sender (starts at the sender's start time in microseconds); receivers
//!   may use it to order a sender's messages, it is not checked (mesh paths reorder).
//! - `sent_ms`: sender's Unix time in milliseconds; messages older than [`MAX_AGE_MS`] or more than
//!   [`MAX_FUTURE_MS`] ahead are rejected as stale.
//! - `kind` / `body`: one of the [`Payload`] variants; each kind is only valid on its own topic.
//!
//! Identifiers are typed ([`PeerId`], [`Multiaddr`], [`crate::blobs::BlobHash`],
//! [`crate::blobs::EndpointId`]) and parsed once, while the JSON is decoded: a message whose ids
//! do not parse is [`EnvelopeError::Malformed`]. Their JSON is the same strings as before.
//!
//! Everything a receiver rejects is a [`EnvelopeError`], reported back to gossipsub as `Reject`
//! (the propagation source is penalised and the message is not forwarded). Replays are covered
//! without per-sender state: identical bytes are dropped by gossipsub's duplicate cache (60 s)
//! and anything older than [`MAX_AGE_MS`] (30 s) is stale.

use libp2p::{Multiaddr, PeerId};
use serde::{Deserialize, Serialize};

use crate::manifest::BodyError;
pub use crate::manifest::{BlobEndpoint, MAX_WEIGHTS_BYTES, SignatureError, WeightsManifest};
use crate::topic::SwarmTopic;

/// Current schema version of the envelope.
pub const VERSION: u16 = 1;
/// Oldest accepted message, by its `sent_ms`, in milliseconds.
pub const MAX_AGE_MS: u64 = 30_000;
/// Largest accepted clock lead of a sender, in milliseconds.
pub const MAX_FUTURE_MS: u64 = 30_000;
/// Most pheromone trails in one message.
pub const MAX_TRAILS: usize = 64;
/// Most listen addresses in one heartbeat.
pub const MAX_ADDRS: usize = 16;
/// Longest free-text field (names, resources, addresses), in bytes.
pub const MAX_TEXT: usize = 256;

/// A decoded, validated gossip message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// Schema version.
    pub v: u16,
    /// Swarm name.
    pub swarm: String,
    /// Author's peer id (base58 on the wire).
    pub sender: PeerId,
    /// Per-sender sequence number.
    pub seq: u64,
    /// Sender's Unix time, milliseconds.
    pub sent_ms: u64,
    /// Kind and body.
    #[serde(flatten)]
    pub payload: Payload,
}

/// What a message says; serialized as `"kind": "...", "body": {...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Payload {
    /// Membership heartbeat (topic `members`).
    Heartbeat(Heartbeat),
    /// The queen renews its lease (topic `queen`).
    QueenClaim(QueenClaim),
    /// The queen steps down on shutdown (topic `queen`).
    Abdication(Abdication),
    /// Bloch-sphere state (topic `bloch`).
    Bloch(BlochBody),
    /// Strongest pheromone trails (topic `pheromones`).
    Pheromones(PheromonesBody),
    /// Colony index (topic `psi`).
    Psi(PsiBody),
    /// Diagnostic probe (topic `probe`).
    Probe(ProbeBody),
    /// A worker's locally trained weights for the next round (topic `weights`).
    WeightsUpdate(WeightsManifest),
    /// The queen's aggregate: the new canonical weights of a round (topic `weights`).
    WeightsAggregate(WeightsManifest),
    /// A member asks for a colony benchmark session (topic `iq`).
    IqRequest(crate::iq::IqRequest),
    /// The queen's assignment of a session (topic `iq`).
    IqAssignment(crate::iq::IqAssignment),
    /// A worker's result for one problem (topic `iq`).
    IqResult(crate::iq::IqResult),
    /// The queen's running score of a session (topic `iq`).
    IqSummary(crate::iq::IqSummary),
}

/// Role of a node in the colony.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The elected coordinator.
    Queen,
    /// Every other full node.
    Worker,
}

/// Membership heartbeat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heartbeat {
    /// Human-readable node name.
    pub name: String,
    /// Sender's role.
    pub role: Role,
    /// Sender's listen multiaddrs (without `/p2p/`).
    pub listen_addrs: Vec<Multiaddr>,
    /// Sender's HTTP gateway URL, if it runs one.
    pub gateway: Option<String>,
    /// Queen the sender follows, if any.
    pub queen: Option<QueenRef>,
    /// Highest election term the sender has seen.
    pub max_term: u64,
    /// Heartbeat period the sender uses, in milliseconds.
    pub interval_ms: u64,
}

/// A queen and her term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueenRef {
    /// Queen's peer id (base58 on the wire).
    pub peer_id: PeerId,
    /// Term of her reign.
    pub term: u64,
}

/// Queen lease renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueenClaim {
    /// Term claimed; every queen action carries it.
    pub term: u64,
    /// Lease length the claim grants, in milliseconds.
    pub lease_ms: u64,
}

/// Queen steps down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abdication {
    /// Term being given up.
    pub term: u64,
}

/// A point on the Bloch sphere with its velocities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlochBody {
    /// Polar angle in [0, pi]: exploit (0) to explore (pi).
    pub theta: f64,
    /// Azimuth in [0, 2pi): self (0) to colony (pi).
    pub phi: f64,
    /// Polar velocity.
    pub d_theta: f64,
    /// Azimuthal velocity.
    pub d_phi: f64,
}

/// One pheromone trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrailBody {
    /// What the trail marks (`topic:bloch`, `peer:12D3...`).
    pub resource: String,
    /// Trail category (`peer`, `topic`, `action`, ...).
    pub category: String,
    /// Good (+1) to bad (-1).
    pub valence: f64,
    /// Strength in (0, 3].
    pub intensity: f64,
}

/// Strongest trails of a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PheromonesBody {
    /// At most [`MAX_TRAILS`] trails.
    pub trails: Vec<TrailBody>,
}

/// Colony index and its factors, each in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PsiBody {
    /// Psi value in [0, 1.1].
    pub value: f64,
    /// Change since the previous tick.
    pub trend: f64,
    /// I: share of known members heard from recently.
    pub integration: f64,
    /// S: coherence of the colony's Bloch states.
    pub synchrony: f64,
    /// D: diversity of pheromone trails.
    pub diversity: f64,
    /// V: rate at which free energy falls.
    pub vitality: f64,
    /// The sender's soul: its running goal in one line (at most [`MAX_GOAL_SUMMARY`] bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// The colony's needs, as the queen asks for work (only the current queen's count, for
    /// her term; other senders' are ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs: Option<NeedsBody>,
}

/// Longest goal summary a Psi message carries.
pub const MAX_GOAL_SUMMARY: usize = 160;
/// Most needs a Psi message carries.
pub const MAX_NEEDS: usize = 4;
/// Longest need name.
pub const MAX_NEED_NAME: usize = 16;

/// What the queen asks the colony for, in her term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsBody {
    /// The queen's term these needs belong to.
    pub term: u64,
    /// At most [`MAX_NEEDS`] names of `[a-z_]{1,16}` (see [`Need`]; unknown names are ignored
    /// by receivers, so new kinds stay compatible with older nodes).
    pub needs: Vec<String>,
}

/// A need the queen may announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Need {
    /// A colony IQ session is open: run benchmark problems.
    Benchmark,
    /// The weights round lacks updates: train.
    Training,
    /// The colony serves few cartridges: deploy one.
    Cartridges,
}

impl Need {
    /// Every need.
    pub const ALL: [Need; 3] = [Need::Benchmark, Need::Training, Need::Cartridges];

    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Need::Benchmark => "benchmark",
            Need::Training => "training",
            Need::Cartridges => "cartridges",
        }
    }

    /// The need named `name`, if known.
    pub fn parse(name: &str) -> Option<Need> {
        Need::ALL.into_iter().find(|n| n.as_str() == name)
    }
}

impl NeedsBody {
    /// Checks the bounds: at most [`MAX_NEEDS`] names of `[a-z_]{1,16}`.
    pub fn validate(&self) -> Result<(), String> {
        if self.needs.len() > MAX_NEEDS {
            return Err(format!("more than {MAX_NEEDS} needs"));
        }
        for n in &self.needs {
            if n.is_empty()
                || n.len() > MAX_NEED_NAME
                || !n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            {
                return Err(format!(
                    "need {:?} is not [a-z_]{{1,{MAX_NEED_NAME}}}",
                    n.chars().take(24).collect::<String>()
                ));
            }
        }
        Ok(())
    }

    /// The known needs, in order, without repeats.
    pub fn known(&self) -> Vec<Need> {
        let mut out = Vec::new();
        for n in self.needs.iter().filter_map(|n| Need::parse(n)) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}

/// Diagnostic probe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeBody {
    /// Probe identifier chosen by the sender.
    pub id: u64,
    /// Padding or payload, at most 16 KiB.
    pub data: String,
}

impl Payload {
    /// The topic this payload travels on.
    pub fn topic(&self) -> SwarmTopic {
        match self {
            Payload::Heartbeat(_) => SwarmTopic::Members,
            Payload::QueenClaim(_) | Payload::Abdication(_) => SwarmTopic::Queen,
            Payload::Bloch(_) => SwarmTopic::Bloch,
            Payload::Pheromones(_) => SwarmTopic::Pheromones,
            Payload::Psi(_) => SwarmTopic::Psi,
            Payload::Probe(_) => SwarmTopic::Probe,
            Payload::WeightsUpdate(_) | Payload::WeightsAggregate(_) => SwarmTopic::Weights,
            Payload::IqRequest(_)
            | Payload::IqAssignment(_)
            | Payload::IqResult(_)
            | Payload::IqSummary(_) => SwarmTopic::Iq,
        }
    }

    fn validate(&self, author: &PeerId) -> Result<(), BodyError> {
        match self {
            Payload::WeightsUpdate(m) | Payload::WeightsAggregate(m) => {
                m.validate(self.kind_name(), author)
            }
            other => other.validate_fields().map_err(BodyError::Invalid),
        }
    }

    fn validate_fields(&self) -> Result<(), String> {
        match self {
            Payload::Heartbeat(h) => {
                text("name", &h.name)?;
                if h.listen_addrs.len() > MAX_ADDRS {
                    return Err(format!("more than {MAX_ADDRS} listen_addrs"));
                }
                for a in &h.listen_addrs {
                    text("listen_addrs[]", &a.to_string())?;
                }
                if let Some(g) = &h.gateway {
                    text("gateway", g)?;
                }
                if let Some(q) = &h.queen
                    && (q.term == 0 || q.term > h.max_term)
                {
                    return Err("queen.term must be in 1..=max_term".into());
                }
                if !(100..=60_000).contains(&h.interval_ms) {
                    return Err("interval_ms must be in 100..=60000".into());
                }
                Ok(())
            }
            Payload::QueenClaim(c) => {
                if c.term == 0 {
                    return Err("term must be at least 1".into());
                }
                if !(100..=60_000).contains(&c.lease_ms) {
                    return Err("lease_ms must be in 100..=60000".into());
                }
                Ok(())
            }
            Payload::Abdication(a) if a.term == 0 => Err("term must be at least 1".into()),
            Payload::Abdication(_) => Ok(()),
            Payload::Bloch(b) => {
                in_range("theta", b.theta, 0.0, std::f64::consts::PI)?;
                in_range("phi", b.phi, 0.0, std::f64::consts::TAU)?;
                in_range("d_theta", b.d_theta, -10.0, 10.0)?;
                in_range("d_phi", b.d_phi, -10.0, 10.0)
            }
            Payload::Pheromones(p) => {
                if p.trails.len() > MAX_TRAILS {
                    return Err(format!("more than {MAX_TRAILS} trails"));
                }
                for t in &p.trails {
                    text("resource", &t.resource)?;
                    text("category", &t.category)?;
                    in_range("valence", t.valence, -1.0, 1.0)?;
                    in_range("intensity", t.intensity, 0.0, 3.0)?;
                }
                Ok(())
            }
            Payload::Psi(p) => {
                in_range("value", p.value, 0.0, 1.1)?;
                in_range("trend", p.trend, -1.1, 1.1)?;
                in_range("integration", p.integration, 0.0, 1.0)?;
                in_range("synchrony", p.synchrony, 0.0, 1.0)?;
                in_range("diversity", p.diversity, 0.0, 1.0)?;
                in_range("vitality", p.vitality, 0.0, 1.0)?;
                if let Some(n) = &p.needs {
                    n.validate()?;
                }
                match &p.goal {
                    Some(g) if g.len() > MAX_GOAL_SUMMARY || g.chars().any(char::is_control) => {
                        Err(format!(
                            "goal summary longer than {MAX_GOAL_SUMMARY} bytes or with control \
                             characters"
                        ))
                    }
                    _ => Ok(()),
                }
            }
            Payload::Probe(p) if p.data.len() > 16 * 1024 => {
                Err("probe data longer than 16384 bytes".into())
            }
            Payload::Probe(_) => Ok(()),
            // Signed bodies: see `validate`.
            Payload::WeightsUpdate(_) | Payload::WeightsAggregate(_) => Ok(()),
            Payload::IqRequest(r) => r.validate(),
            Payload::IqAssignment(a) => a.validate(),
            Payload::IqResult(r) => r.validate(),
            Payload::IqSummary(s) => s.validate(),
        }
    }
}

pub(crate) fn text(field: &str, value: &str) -> Result<(), String> {
    if value.len() > MAX_TEXT {
        return Err(format!("{field} longer than {MAX_TEXT} bytes"));
    }
    Ok(())
}

pub(crate) fn in_range(field: &str, value: f64, lo: f64, hi: f64) -> Result<(), String> {
    if !value.is_finite() || value < lo || value > hi {
        return Err(format!("{field} = {value} is outside [{lo}, {hi}]"));
    }
    Ok(())
}

/// Why a gossip message was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EnvelopeError {
    /// Larger than the topic allows.
    #[error("message of {size} bytes exceeds the {limit}-byte limit of topic {topic}")]
    Oversized {
        /// Encoded size.
        size: usize,
        /// Topic limit.
        limit: usize,
        /// Topic short name.
        topic: &'static str,
    },
    /// Not a JSON envelope.
    #[error("malformed envelope: {0}")]
    Malformed(String),
    /// Schema version this node does not speak.
    #[error("unknown envelope version {0} (this node speaks {VERSION})")]
    UnknownVersion(u16),
    /// Envelope of another swarm.
    #[error("envelope for swarm {0:?}, not this swarm")]
    WrongSwarm(String),
    /// Kind not allowed on the topic it arrived on.
    #[error("kind {kind} is not valid on topic {topic}")]
    WrongTopic {
        /// Topic the kind belongs to.
        kind: &'static str,
        /// Topic it arrived on.
        topic: &'static str,
    },
    /// `sender` differs from the signed gossipsub author.
    #[error("sender {claimed} does not match the signed author {author}")]
    SenderMismatch {
        /// Claimed sender.
        claimed: String,
        /// Signed author.
        author: String,
    },
    /// Too old or too far in the future.
    #[error("stale message: sent {age_ms} ms ago (allowed -{MAX_FUTURE_MS}..{MAX_AGE_MS})")]
    Stale {
        /// Age in milliseconds (negative: from the future).
        age_ms: i64,
    },
    /// Body fields out of their documented ranges.
    #[error("invalid {kind} body: {reason}")]
    InvalidBody {
        /// Kind of the body.
        kind: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A signed body whose signature is not the sender's.
    #[error("invalid {kind} body: {source}")]
    BadSignature {
        /// Kind of the body.
        kind: &'static str,
        /// What is wrong with the signature.
        #[source]
        source: SignatureError,
    },
}

impl Envelope {
    /// Builds an envelope for `payload` from `sender`.
    pub fn new(swarm: &str, sender: PeerId, seq: u64, sent_ms: u64, payload: Payload) -> Self {
        Envelope {
            v: VERSION,
            swarm: swarm.to_string(),
            sender,
            seq,
            sent_ms,
            payload,
        }
    }

    /// Encodes to the JSON wire format.
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("envelope serialization is infallible")
    }

    /// Decodes and validates `data` received on `topic` from the signed author `author`.
    ///
    /// Checks, in order: size, JSON shape and identifiers (peer ids, multiaddrs, hashes and
    /// endpoint ids parse), version, swarm, kind vs topic, sender vs author, age, and the body's
    /// field ranges.
    ///
    /// Replays need no per-sender state: gossipsub drops identical bytes for
    /// `duplicate_cache_time` (60 s), and anything older than [`MAX_AGE_MS`] (30 s) is stale.
    /// Ordering is not enforced: copies of consecutive messages can arrive out of order through
    /// different mesh paths.
    pub fn decode(
        data: &[u8],
        topic: SwarmTopic,
        swarm: &str,
        author: &PeerId,
        now_ms: u64,
    ) -> Result<Envelope, EnvelopeError> {
        let limit = topic.max_message_bytes();
        if data.len() > limit {
            return Err(EnvelopeError::Oversized {
                size: data.len(),
                limit,
                topic: topic.short_name(),
            });
        }
        // Read the version first so a future schema is reported as such, not as malformed.
        #[derive(Deserialize)]
        struct Version {
            v: u16,
        }
        let version: Version =
            serde_json::from_slice(data).map_err(|e| EnvelopeError::Malformed(e.to_string()))?;
        if version.v != VERSION {
            return Err(EnvelopeError::UnknownVersion(version.v));
        }
        let env: Envelope =
            serde_json::from_slice(data).map_err(|e| EnvelopeError::Malformed(e.to_string()))?;
        if env.swarm != swarm {
            return Err(EnvelopeError::WrongSwarm(env.swarm));
        }
        let kind_topic = env.payload.topic();
        if kind_topic != topic {
            return Err(EnvelopeError::WrongTopic {
                kind: kind_topic.short_name(),
                topic: topic.short_name(),
            });
        }
        if env.sender != *author {
            return Err(EnvelopeError::SenderMismatch {
                claimed: env.sender.to_base58(),
                author: author.to_base58(),
            });
        }
        // Checked: `sent_ms` is anything a peer wrote (u64::MAX must not overflow).
        let age_ms = i128::from(now_ms) - i128::from(env.sent_ms);
        if age_ms > i128::from(MAX_AGE_MS) || -age_ms > i128::from(MAX_FUTURE_MS) {
            let age_ms =
                i64::try_from(age_ms).unwrap_or(if age_ms < 0 { i64::MIN } else { i64::MAX });
            return Err(EnvelopeError::Stale { age_ms });
        }
        env.payload.validate(author).map_err(|e| {
            let kind = env.payload.kind_name();
            match e {
                BodyError::Invalid(reason) => EnvelopeError::InvalidBody { kind, reason },
                BodyError::Signature(source) => EnvelopeError::BadSignature { kind, source },
            }
        })?;
        Ok(env)
    }
}

impl Payload {
    /// The `kind` string of this payload.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Payload::Heartbeat(_) => "heartbeat",
            Payload::QueenClaim(_) => "queen_claim",
            Payload::Abdication(_) => "abdication",
            Payload::Bloch(_) => "bloch",
            Payload::Pheromones(_) => "pheromones",
            Payload::Psi(_) => "psi",
            Payload::Probe(_) => "probe",
            Payload::WeightsUpdate(_) => "weights_update",
            Payload::WeightsAggregate(_) => "weights_aggregate",
            Payload::IqRequest(_) => "iq_request",
            Payload::IqAssignment(_) => "iq_assignment",
            Payload::IqResult(_) => "iq_result",
            Payload::IqSummary(_) => "iq_summary",
        }
    }
}

#[cfg(test)]
mod tests;
