//! Application-level validation of gossip messages before gossipsub forwards them.

use std::collections::HashMap;

use libp2p::PeerId;
use libp2p::gossipsub::MessageAcceptance;

use crate::envelope::{Envelope, EnvelopeError};
use crate::topic::SwarmTopic;

/// Most senders whose last sequence number is remembered.
const MAX_TRACKED_SENDERS: usize = 10_000;

/// Validates envelopes and remembers the last sequence number per sender and topic.
#[derive(Debug)]
pub struct Validator {
    swarm: String,
    last_seq: HashMap<(PeerId, SwarmTopic), u64>,
}

impl Validator {
    /// A validator for messages of `swarm`.
    pub fn new(swarm: impl Into<String>) -> Self {
        Validator {
            swarm: swarm.into(),
            last_seq: HashMap::new(),
        }
    }

    /// Decodes, validates and records one message.
    pub fn check(
        &mut self,
        data: &[u8],
        topic: SwarmTopic,
        author: &PeerId,
        now_ms: u64,
    ) -> Result<Envelope, EnvelopeError> {
        let env = Envelope::decode(data, topic, &self.swarm, author, now_ms)?;
        let key = (*author, topic);
        if let Some(&last) = self.last_seq.get(&key)
            && env.seq <= last
        {
            return Err(EnvelopeError::Replayed { seq: env.seq, last });
        }
        if self.last_seq.len() >= MAX_TRACKED_SENDERS && !self.last_seq.contains_key(&key) {
            // Bounded memory: forget everything; age checks still stop old replays.
            self.last_seq.clear();
        }
        self.last_seq.insert(key, env.seq);
        Ok(env)
    }
}

/// What gossipsub should do with a message that failed validation.
///
/// Replays are ignored without penalty (an honest relay can deliver an old copy after the duplicate
/// cache expired); everything else is rejected, which penalises the propagation source.
pub fn acceptance_for(error: &EnvelopeError) -> MessageAcceptance {
    match error {
        EnvelopeError::Replayed { .. } => MessageAcceptance::Ignore,
        _ => MessageAcceptance::Reject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{Payload, ProbeBody};

    #[test]
    fn sequence_must_increase_per_sender_and_topic() {
        let mut v = Validator::new("s");
        let a = PeerId::random();
        let msg = |seq| {
            Envelope::new(
                "s",
                a,
                seq,
                1000,
                Payload::Probe(ProbeBody {
                    id: seq,
                    data: String::new(),
                }),
            )
            .encode()
        };
        assert!(v.check(&msg(5), SwarmTopic::Probe, &a, 1000).is_ok());
        assert!(v.check(&msg(6), SwarmTopic::Probe, &a, 1000).is_ok());
        let err = v.check(&msg(6), SwarmTopic::Probe, &a, 1000).unwrap_err();
        assert_eq!(err, EnvelopeError::Replayed { seq: 6, last: 6 });
        assert_eq!(acceptance_for(&err), MessageAcceptance::Ignore);
        assert!(v.check(&msg(3), SwarmTopic::Probe, &a, 1000).is_err());
        assert_eq!(
            acceptance_for(&EnvelopeError::UnknownVersion(9)),
            MessageAcceptance::Reject
        );
    }
}
