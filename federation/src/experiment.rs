//! The colony experiment: does the colony's aggregate beat each node alone?
//!
//! `nodes` brains each hold a disjoint shard of the brain's training data (optionally skewed:
//! non-IID). With the same compute per node — `rounds × steps_per_round` steps of `batch`
//! examples — each node (a) trains alone on its shard, and (b) trains from the colony's canonical
//! weights each round, after which the updates are combined with the chosen rule. Both are scored
//! on one shared held-out set after every round. Everything runs in one process: this measures
//! learning, not networking (the multi-process tests cover the wire).

use x402_model::brain::{Brain, BrainConfig, BrainExample, Evaluation};
use x402_model::brain_data;

use crate::aggregate::{Rule, Update, aggregate};
use crate::trainer::next_batch;

/// Settings of one experiment.
#[derive(Debug, Clone)]
pub struct Experiment {
    /// Brain sizes and optimiser.
    pub brain: BrainConfig,
    /// Nodes in the colony.
    pub nodes: usize,
    /// Federated rounds.
    pub rounds: usize,
    /// Local steps per round.
    pub steps_per_round: usize,
    /// Examples per step.
    pub batch: usize,
    /// Training examples per node.
    pub examples_per_node: usize,
    /// Held-out examples.
    pub held_out: usize,
    /// Skew each node's shard by label.
    pub non_iid: bool,
    /// How the colony combines updates.
    pub rule: Rule,
    /// Data and initialisation seed.
    pub seed: u64,
}

/// Scores after one round.
#[derive(Debug, Clone)]
pub struct RoundReport {
    /// Round number, from 1.
    pub round: usize,
    /// Each node alone.
    pub solo: Vec<Evaluation>,
    /// The colony's aggregate.
    pub colony: Evaluation,
}

impl Experiment {
    /// Runs the experiment, calling `on_round` after each round.
    pub fn run(&self, mut on_round: impl FnMut(&RoundReport)) -> Result<Vec<RoundReport>, String> {
        let err = |e: x402_model::brain::BrainError| e.to_string();
        let all = brain_data::synthetic(
            self.nodes * self.examples_per_node + self.held_out,
            self.seed,
        );
        let (train, held_out) = all.split_at(self.nodes * self.examples_per_node);
        let shards: Vec<Vec<BrainExample>> = (0..self.nodes)
            .map(|i| brain_data::shard(train, self.nodes, i, self.non_iid))
            .collect();

        let mut solo: Vec<Brain> = (0..self.nodes)
            .map(|_| Brain::new(self.brain, self.seed))
            .collect::<Result<_, _>>()
            .map_err(err)?;
        let mut members: Vec<Brain> = (0..self.nodes)
            .map(|_| Brain::new(self.brain, self.seed))
            .collect::<Result<_, _>>()
            .map_err(err)?;
        let mut canonical = members[0].weights();
        let mut cursors = vec![0usize; self.nodes];
        let mut reports = Vec::new();

        for round in 1..=self.rounds {
            let mut updates = Vec::with_capacity(self.nodes);
            for i in 0..self.nodes {
                let start = cursors[i];
                train_steps(&mut solo[i], &shards[i], self, &mut cursors[i])?;
                // Same batches for the colony member as for the solo node.
                cursors[i] = start;
                members[i].load_weights(&canonical).map_err(err)?;
                train_steps(&mut members[i], &shards[i], self, &mut cursors[i])?;
                updates.push((members[i].weights(), shards[i].len() as u64));
            }
            let inputs: Vec<Update<'_>> = updates
                .iter()
                .map(|(weights, samples)| Update {
                    weights,
                    samples: *samples,
                })
                .collect();
            canonical = aggregate(self.rule, &inputs).map_err(|e| e.to_string())?;
            members[0].load_weights(&canonical).map_err(err)?;
            let report = RoundReport {
                round,
                solo: solo
                    .iter()
                    .map(|b| b.evaluate(held_out))
                    .collect::<Result<_, _>>()
                    .map_err(err)?,
                colony: members[0].evaluate(held_out).map_err(err)?,
            };
            on_round(&report);
            reports.push(report);
        }
        Ok(reports)
    }
}

fn train_steps(
    brain: &mut Brain,
    shard: &[BrainExample],
    e: &Experiment,
    cursor: &mut usize,
) -> Result<(), String> {
    for _ in 0..e.steps_per_round {
        let batch = next_batch(shard, e.batch, cursor);
        brain.train_step(&batch).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_colony_learns_and_reports_every_round() {
        let e = Experiment {
            brain: BrainConfig {
                hidden: 32,
                ..BrainConfig::default()
            },
            nodes: 3,
            rounds: 4,
            steps_per_round: 5,
            batch: 16,
            examples_per_node: 64,
            held_out: 64,
            non_iid: true,
            rule: Rule::default(),
            seed: 1,
        };
        let mut seen = 0;
        let reports = e.run(|_| seen += 1).unwrap();
        assert_eq!(seen, 4);
        assert_eq!(reports[0].solo.len(), 3);
        let first = reports[0].colony.loss;
        let last = reports[3].colony.loss;
        assert!(
            last.is_finite() && last < first,
            "colony loss {first} -> {last}"
        );
    }
}
