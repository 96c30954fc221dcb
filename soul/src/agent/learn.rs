//! The learning systems around one step: the votes made before it runs (cortex, brain,
//! hivemind, genesis, their synthesis), the brain's gate, and what the outcome teaches every
//! system (the evaluation's scores, a brain example, pheromone deposits, the free energy).

use super::{Agent, source_key};
use crate::systems::brain::{self, GATE_BELOW, HAND_OVER_EVERY, MAX_EXAMPLES};
use crate::systems::{BRAIN, Learning, Prior, hivemind, synthesis};
use crate::types::{Goal, Plan, Step, StepOutcome};

/// The genesis template a plan came from (`genesis-ID`), if any.
fn gene_id(plan: &Plan) -> Option<u64> {
    plan.template
        .as_deref()?
        .strip_prefix("genesis-")?
        .parse()
        .ok()
}

impl Agent {
    /// Every system's vote for step `index` of `plan` (made before it runs), combined.
    pub(super) fn prior_for(&self, goal: &Goal, plan: &Plan, index: usize) -> Option<Prior> {
        let step = plan.steps.get(index)?;
        let tool = step.tool.as_str();
        let ctx = source_key(goal.source);
        let mut learning = self.learning.lock().expect("learning lock");
        let mut prior = learning.prior(tool, ctx);
        let features = brain::features(
            &learning.feedback,
            &learning.evaluation,
            tool,
            ctx,
            &goal.text,
            (index, plan.steps.len(), goal.replans),
        );
        prior.brain = self
            .config
            .brain
            .as_ref()
            .and_then(|b| b.predict(&features.encode()))
            .map(|p| f64::from(p.success_prob))
            .filter(|p| p.is_finite());
        prior.features = Some(features);
        prior.hivemind = hivemind::vote(self.field.as_ref(), tool);
        prior.genesis = gene_id(plan).and_then(|id| {
            let g = learning.genesis.templates.iter().find(|g| g.id == id)?;
            Some(learning.genesis.fitness(g))
        });
        let mut votes = vec![("cortex", prior.cortex)];
        votes.extend(prior.brain.map(|p| (BRAIN, p)));
        votes.extend(prior.hivemind.map(|p| ("hivemind", p)));
        votes.extend(prior.genesis.map(|p| ("genesis", p)));
        let verdict = synthesis::combine(
            &votes,
            &learning.evaluation,
            learning.synthesis.failures_in_row,
        );
        prior.synthesis = verdict.p;
        learning.synthesis.note(verdict, false);
        Some(prior)
    }

    /// Why the brain gates a step it predicts `p` for (none: it runs): the brain has scored
    /// enough steps better than its baseline, and `p` < [`GATE_BELOW`].
    pub(super) fn gate_reason(learning: &Learning, tool: &str, p: Option<f64>) -> Option<String> {
        let p = p?;
        (p < GATE_BELOW && brain::may_gate(learning.evaluation.score(BRAIN)))
            .then(|| format!("brain predicts {tool} {p:.2}"))
    }

    /// Whether the brain vetoes step `index` of `plan` for `goal` in context `ctx` after
    /// `replans` (used when vetting a plan).
    pub(super) fn brain_veto(
        &self,
        learning: &Learning,
        (goal, ctx, replans): (&str, &str, u32),
        plan: &Plan,
        index: usize,
    ) -> Option<String> {
        let model = self.config.brain.as_ref()?;
        let step = plan.steps.get(index)?;
        let f = brain::features(
            &learning.feedback,
            &learning.evaluation,
            step.tool.as_str(),
            ctx,
            goal,
            (index, plan.steps.len(), replans),
        );
        let p = model
            .predict(&f.encode())
            .map(|p| f64::from(p.success_prob));
        Self::gate_reason(learning, step.tool.as_str(), p)
    }

    /// The brain's predicted success of each of `tools` as the single step of a plan, in the
    /// context the cortex has seen it most in (`nudge` if none), for the status (empty without
    /// weights).
    pub(super) fn brain_tools(
        &self,
        learning: &Learning,
        tools: &[String],
    ) -> serde_json::Map<String, serde_json::Value> {
        let mut out = serde_json::Map::new();
        let Some(model) = self.config.brain.as_ref() else {
            return out;
        };
        for tool in tools {
            let prefix = format!("{tool}|");
            let ctx = learning
                .cortex
                .beliefs
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .filter_map(|(k, b)| Some((k.strip_prefix(&prefix)?, b.samples)))
                .filter(|(c, _)| *c != crate::systems::cortex::ANY)
                .max_by_key(|(_, n)| *n)
                .map_or("nudge", |(c, _)| c);
            let f = brain::features(
                &learning.feedback,
                &learning.evaluation,
                tool,
                ctx,
                "",
                (0, 1, 0),
            );
            if let Some(p) = model
                .predict(&f.encode())
                .map(|p| f64::from(p.success_prob))
                .filter(|p| p.is_finite())
            {
                out.insert(tool.clone(), serde_json::json!({ "p": p, "context": ctx }));
            }
        }
        out
    }

    /// Counts a gated step.
    pub(super) fn gated(&self, why: &str) {
        let _ = self.store.count(|c| c.brain_gated += 1);
        let mut learning = self.learning.lock().expect("learning lock");
        learning.brain.gated += 1;
        learning.brain.last_gate = Some(crate::types::cut(why, 160));
        if let Err(e) = learning.save(&self.store) {
            tracing::warn!(error = %e, "learning state not stored");
        }
    }

    /// Feeds `outcome` of `step` (for `goal`) to the learning systems and persists them.
    pub(super) fn learn(&self, outcome: &StepOutcome, step: &Step, goal: &Goal, prior: Prior) {
        let ctx = source_key(goal.source);
        let (cat, surprise, hand_over) = {
            let mut learning = self.learning.lock().expect("learning lock");
            let cat = learning.observe(outcome, ctx, &prior);
            learning.brain.predicted += u64::from(prior.brain.is_some());
            let mut hand_over = false;
            if let Some(f) = &prior.features {
                match self
                    .store
                    .record_example(outcome.seq, &f.example(cat.name()), MAX_EXAMPLES)
                {
                    Ok(()) => {
                        learning.brain.recorded += 1;
                        hand_over = learning.brain.recorded.is_multiple_of(HAND_OVER_EVERY);
                    }
                    Err(e) => tracing::warn!(error = %e, "brain example not stored"),
                }
            }
            if let Err(e) = learning.save(&self.store) {
                tracing::warn!(error = %e, "learning state not stored");
            }
            (cat, learning.surprise.value, hand_over)
        };
        self.field
            .deposit(&hivemind::deposits(outcome, Some(step), &goal.text, cat));
        if let Some(s) = surprise {
            self.field.surprise(s);
        }
        self.save_field();
        if hand_over && let Some(b) = &self.config.brain {
            b.train_on(self.store.examples());
        }
    }

    /// Persists the soul's own pheromone field (when the node gave none).
    pub(super) fn save_field(&self) {
        if let Some(local) = &self.local_field
            && let Err(e) = self
                .store
                .set_meta_json(crate::systems::HIVEMIND_KEY, &local.field())
        {
            tracing::warn!(error = %e, "pheromone field not stored");
        }
    }
}
