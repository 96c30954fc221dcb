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
//! Everything a receiver rejects is a [`EnvelopeError`], reported back to gossipsub as `Reject`
//! (the propagation source is penalised and the message is not forwarded). Replays are covered
//! without per-sender state: identical bytes are dropped by gossipsub's duplicate cache (60 s)
//! and anything older than [`MAX_AGE_MS`] (30 s) is stale.

use libp2p::PeerId;
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
    /// Author's peer id (base58).
    pub sender: String,
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
    pub listen_addrs: Vec<String>,
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
    /// Queen's peer id.
    pub peer_id: String,
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
                    text("listen_addrs[]", a)?;
                    a.parse::<libp2p::Multiaddr>()
                        .map_err(|e| format!("listen_addrs: {a:?} is not a multiaddr: {e}"))?;
                }
                if let Some(g) = &h.gateway {
                    text("gateway", g)?;
                }
                if let Some(q) = &h.queen {
                    q.peer_id
                        .parse::<PeerId>()
                        .map_err(|_| format!("queen.peer_id {:?} is not a peer id", q.peer_id))?;
                    if q.term == 0 || q.term > h.max_term {
                        return Err("queen.term must be in 1..=max_term".into());
                    }
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
            sender: sender.to_base58(),
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
    /// Checks, in order: size, JSON shape, version, swarm, kind vs topic, sender vs author,
    /// age, and the body's field ranges.
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
        if env.sender != author.to_base58() {
            return Err(EnvelopeError::SenderMismatch {
                claimed: env.sender,
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

    /// The author as a [`PeerId`] (validated by [`Envelope::decode`]).
    pub fn sender_peer(&self) -> Option<PeerId> {
        self.sender.parse().ok()
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
mod tests {
    use super::*;

    const NOW: u64 = 1_800_000_000_000;

    fn bloch(theta: f64) -> Payload {
        Payload::Bloch(BlochBody {
            theta,
            phi: 1.0,
            d_theta: 0.0,
            d_phi: 0.0,
        })
    }

    fn decode(bytes: &[u8], topic: SwarmTopic, author: &PeerId) -> Result<Envelope, EnvelopeError> {
        Envelope::decode(bytes, topic, "s", author, NOW)
    }

    #[test]
    fn round_trip_and_wire_shape() {
        let me = PeerId::random();
        let env = Envelope::new("s", me, 7, NOW, bloch(1.0));
        let bytes = env.encode();
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["v"], 1);
        assert_eq!(json["kind"], "bloch");
        assert_eq!(json["body"]["theta"], 1.0);
        assert_eq!(json["sender"], me.to_base58());
        assert_eq!(decode(&bytes, SwarmTopic::Bloch, &me).unwrap(), env);
    }

    #[test]
    fn psi_goal_summary_is_optional_and_bounded() {
        let me = PeerId::random();
        let psi = |goal: Option<String>| {
            Payload::Psi(PsiBody {
                value: 0.5,
                trend: 0.0,
                integration: 0.5,
                synchrony: 0.5,
                diversity: 0.5,
                vitality: 0.5,
                goal,
                needs: None,
            })
        };
        let check = |p: Payload| {
            let bytes = Envelope::new("s", me, 1, NOW, p).encode();
            decode(&bytes, SwarmTopic::Psi, &me)
        };
        // Without a goal the wire shape is the one older nodes send.
        let plain = Envelope::new("s", me, 1, NOW, psi(None)).encode();
        let json: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert!(json["body"].get("goal").is_none());
        assert!(check(psi(None)).is_ok());
        assert!(check(psi(Some("deploy cartridge x [1/3]".into()))).is_ok());
        let long = "x".repeat(MAX_GOAL_SUMMARY + 1);
        assert!(matches!(
            check(psi(Some(long))),
            Err(EnvelopeError::InvalidBody { .. })
        ));
        assert!(matches!(
            check(psi(Some("line\nbreak".into()))),
            Err(EnvelopeError::InvalidBody { .. })
        ));
    }

    #[test]
    fn psi_needs_are_optional_bounded_and_validated() {
        let me = PeerId::random();
        let psi = |needs: Option<NeedsBody>| {
            Payload::Psi(PsiBody {
                value: 0.5,
                trend: 0.0,
                integration: 0.5,
                synchrony: 0.5,
                diversity: 0.5,
                vitality: 0.5,
                goal: None,
                needs,
            })
        };
        let check = |p: Payload| {
            let bytes = Envelope::new("s", me, 1, NOW, p).encode();
            decode(&bytes, SwarmTopic::Psi, &me)
        };
        let body = |names: &[&str]| NeedsBody {
            term: 3,
            needs: names.iter().map(|n| n.to_string()).collect(),
        };
        // Without needs the wire shape is the one older nodes send, and it still decodes.
        let plain = Envelope::new("s", me, 1, NOW, psi(None)).encode();
        let json: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert!(json["body"].get("needs").is_none());
        let ok = check(psi(Some(body(&["benchmark", "training", "future_kind"])))).unwrap();
        let Payload::Psi(p) = ok.payload else {
            panic!("not psi")
        };
        // Unknown names pass the wire (newer queens) and are ignored by receivers.
        assert_eq!(p.needs.unwrap().known(), [Need::Benchmark, Need::Training]);
        // More than four, an empty name, a long one, odd characters: refused.
        for bad in [
            body(&["benchmark"; MAX_NEEDS + 1]),
            body(&[""]),
            body(&["a_very_long_need_name"]),
            body(&["Bench mark"]),
            body(&["bench\nmark"]),
        ] {
            assert!(
                matches!(
                    check(psi(Some(bad.clone()))),
                    Err(EnvelopeError::InvalidBody { .. })
                ),
                "{bad:?}"
            );
        }
        assert!(check(psi(Some(body(&["benchmark"; MAX_NEEDS])))).is_ok());
    }

    #[test]
    fn rejects_each_kind_of_bad_message() {
        let me = PeerId::random();
        let good = |p: Payload| Envelope::new("s", me, 1, NOW, p);
        let mut json: serde_json::Value =
            serde_json::from_slice(&good(bloch(1.0)).encode()).unwrap();

        assert!(matches!(
            decode(b"not json", SwarmTopic::Bloch, &me),
            Err(EnvelopeError::Malformed(_))
        ));
        json["v"] = 2.into();
        assert_eq!(
            decode(json.to_string().as_bytes(), SwarmTopic::Bloch, &me),
            Err(EnvelopeError::UnknownVersion(2))
        );
        json["v"] = 1.into();
        json["kind"] = "teleport".into();
        assert!(matches!(
            decode(json.to_string().as_bytes(), SwarmTopic::Bloch, &me),
            Err(EnvelopeError::Malformed(_))
        ));

        let other_swarm = Envelope::new("t", me, 1, NOW, bloch(1.0)).encode();
        assert!(matches!(
            decode(&other_swarm, SwarmTopic::Bloch, &me),
            Err(EnvelopeError::WrongSwarm(_))
        ));
        assert!(matches!(
            decode(&good(bloch(1.0)).encode(), SwarmTopic::Psi, &me),
            Err(EnvelopeError::WrongTopic { .. })
        ));
        assert!(matches!(
            decode(
                &good(bloch(1.0)).encode(),
                SwarmTopic::Bloch,
                &PeerId::random()
            ),
            Err(EnvelopeError::SenderMismatch { .. })
        ));
        let old = Envelope::new("s", me, 1, NOW - MAX_AGE_MS - 1, bloch(1.0)).encode();
        assert!(matches!(
            decode(&old, SwarmTopic::Bloch, &me),
            Err(EnvelopeError::Stale { .. })
        ));
        let future = Envelope::new("s", me, 1, NOW + MAX_FUTURE_MS + 1, bloch(1.0)).encode();
        assert!(matches!(
            decode(&future, SwarmTopic::Bloch, &me),
            Err(EnvelopeError::Stale { .. })
        ));
        assert!(matches!(
            decode(&good(bloch(4.0)).encode(), SwarmTopic::Bloch, &me),
            Err(EnvelopeError::InvalidBody { kind: "bloch", .. })
        ));
        assert!(matches!(
            decode(&good(bloch(f64::NAN)).encode(), SwarmTopic::Bloch, &me),
            Err(EnvelopeError::Malformed(_)) | Err(EnvelopeError::InvalidBody { .. })
        ));
        let huge = good(Payload::Probe(ProbeBody {
            id: 1,
            data: "x".repeat(30_000),
        }))
        .encode();
        assert!(matches!(
            decode(&huge, SwarmTopic::Probe, &me),
            Err(EnvelopeError::Oversized { .. })
        ));
        let claim0 = good(Payload::QueenClaim(QueenClaim {
            term: 0,
            lease_ms: 3000,
        }))
        .encode();
        assert!(matches!(
            decode(&claim0, SwarmTopic::Queen, &me),
            Err(EnvelopeError::InvalidBody { .. })
        ));
    }

    #[test]
    fn heartbeat_addresses_are_checked() {
        let me = PeerId::random();
        let hb = |addr: &str| {
            Envelope::new(
                "s",
                me,
                1,
                NOW,
                Payload::Heartbeat(Heartbeat {
                    name: "n".into(),
                    role: Role::Worker,
                    listen_addrs: vec![addr.into()],
                    gateway: None,
                    queen: None,
                    max_term: 0,
                    interval_ms: 500,
                }),
            )
            .encode()
        };
        assert!(decode(&hb("/ip4/127.0.0.1/tcp/1"), SwarmTopic::Members, &me).is_ok());
        assert!(matches!(
            decode(&hb("127.0.0.1:1"), SwarmTopic::Members, &me),
            Err(EnvelopeError::InvalidBody { .. })
        ));
    }

    fn manifest(key: &libp2p::identity::Keypair, kind: &str) -> WeightsManifest {
        WeightsManifest {
            model: "brain".into(),
            round: 3,
            term: 2,
            base: "ab".repeat(32),
            hash: "cd".repeat(32),
            size: 4_821_164,
            samples: 512,
            l2_norm: 41.5,
            arch: "ef".repeat(32),
            endpoint: BlobEndpoint {
                id: crate::blobs::peer_id_to_endpoint_id(&key.public().to_peer_id()).unwrap(),
                addrs: vec!["127.0.0.1:4100".into()],
            },
            signature: String::new(),
        }
        .sign(kind, key)
    }

    #[test]
    fn signed_manifests_verify_after_a_json_round_trip_whatever_their_floats() {
        // The signature covers the manifest's JSON; a receiver re-serializes what it parsed, so
        // every f64 must parse back to the same bits (serde_json's `float_roundtrip`).
        let key = libp2p::identity::Keypair::generate_ed25519();
        let me = key.public().to_peer_id();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut m = manifest(&key, "weights_update");
            m.l2_norm = (x >> 11) as f64 / (1u64 << 53) as f64 * 1e4;
            let m = m.sign("weights_update", &key);
            let wire = Envelope::new("s", me, 1, NOW, Payload::WeightsUpdate(m.clone())).encode();
            let env = decode(&wire, SwarmTopic::Weights, &me);
            assert!(env.is_ok(), "l2_norm {:?}: {env:?}", m.l2_norm);
        }
    }

    #[test]
    fn weights_manifests_must_carry_the_senders_signature() {
        let key = libp2p::identity::Keypair::generate_ed25519();
        let me = key.public().to_peer_id();
        let wire = |p: Payload| Envelope::new("s", me, 1, NOW, p).encode();

        let update = Payload::WeightsUpdate(manifest(&key, "weights_update"));
        let env = decode(&wire(update.clone()), SwarmTopic::Weights, &me).unwrap();
        assert_eq!(env.payload, update);

        // Signed as an update, replayed as an aggregate: the kind is part of what is signed.
        let relabelled = Payload::WeightsAggregate(manifest(&key, "weights_update"));
        let err = decode(&wire(relabelled), SwarmTopic::Weights, &me).unwrap_err();
        // Typed: receivers tell a bad signature from bad fields without reading the text.
        assert!(
            matches!(
                err,
                EnvelopeError::BadSignature {
                    kind: "weights_aggregate",
                    source: SignatureError::DoesNotVerify
                }
            ),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("signature does not verify"),
            "{err}"
        );

        // A field changed after signing.
        let mut tampered = manifest(&key, "weights_update");
        tampered.round = 4;
        let err = decode(
            &wire(Payload::WeightsUpdate(tampered)),
            SwarmTopic::Weights,
            &me,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("signature does not verify"),
            "{err}"
        );

        // Unsigned, and signed by another key.
        let mut unsigned = manifest(&key, "weights_update");
        unsigned.signature.clear();
        assert!(
            decode(
                &wire(Payload::WeightsUpdate(unsigned)),
                SwarmTopic::Weights,
                &me
            )
            .is_err()
        );
        let other = libp2p::identity::Keypair::generate_ed25519();
        let foreign = Payload::WeightsUpdate(manifest(&other, "weights_update"));
        assert!(decode(&wire(foreign), SwarmTopic::Weights, &me).is_err());

        // The blob endpoint must be the sender's own key.
        let mut borrowed = manifest(&key, "weights_update");
        borrowed.endpoint.id = crate::blobs::seed_endpoint_id(&[7; 32]);
        let borrowed = borrowed.sign("weights_update", &key);
        let err = decode(
            &wire(Payload::WeightsUpdate(borrowed)),
            SwarmTopic::Weights,
            &me,
        )
        .unwrap_err();
        assert!(err.to_string().contains("endpoint.id"), "{err}");

        // Body ranges are checked too.
        let mut bad = manifest(&key, "weights_update");
        bad.hash = "xyz".into();
        let bad = bad.sign("weights_update", &key);
        let err = decode(&wire(Payload::WeightsUpdate(bad)), SwarmTopic::Weights, &me).unwrap_err();
        assert!(err.to_string().contains("hash must be 64 hex"), "{err}");
        // And the kind belongs to its topic.
        assert!(matches!(
            decode(&wire(update), SwarmTopic::Bloch, &me),
            Err(EnvelopeError::WrongTopic { .. })
        ));
    }

    #[test]
    fn extreme_sent_ms_is_stale_without_overflow() {
        let me = PeerId::random();
        for sent in [u64::MAX, 1 << 63, 0] {
            let raw = Envelope::new("s", me, 1, sent, bloch(1.0)).encode();
            assert!(matches!(
                Envelope::decode(&raw, SwarmTopic::Bloch, "s", &me, NOW),
                Err(EnvelopeError::Stale { .. })
            ));
        }
    }
}
