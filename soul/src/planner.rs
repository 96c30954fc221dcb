//! Planning: built-in templates compile a plan without any LLM; the LLM path asks the provider
//! for a JSON plan (or tool calls) and every plan it writes is validated against the tool
//! schemas: an unknown tool, bad arguments or too many steps reject it, and the templates
//! take over.

use serde_json::{Value, json};
use x402_llm::{ChatRequest, ChatResponse, Message, Role};

use crate::examples::Examples;
use crate::observe::Snapshot;
use crate::tool::{StepError, ToolRegistry};
use crate::types::{MAX_STEPS, Plan, PlanOrigin, Step, ToolName, normalise};

/// Price of a cartridge the soul deploys.
pub const DEPLOY_PRICE: &str = "$0.001";
/// Largest LLM answer parsed.
const MAX_ANSWER: usize = 64 * 1024;

/// The built-in templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Write, compile and smoke-test, then deploy and price a cartridge.
    DeployCartridge,
    /// Read a peer's free routes (and pay its paid demo route when a payer is wired).
    ProbePeer,
    /// Run one benchmark problem.
    Benchmark,
    /// Ask for a local training round.
    Train,
    /// Read the node's status and remember the fitness.
    Introspect,
}

impl Template {
    /// Every template.
    pub const ALL: [Template; 5] = [
        Template::DeployCartridge,
        Template::ProbePeer,
        Template::Benchmark,
        Template::Train,
        Template::Introspect,
    ];

    /// Name.
    pub fn name(self) -> &'static str {
        match self {
            Template::DeployCartridge => "deploy-cartridge",
            Template::ProbePeer => "probe-peer",
            Template::Benchmark => "benchmark",
            Template::Train => "train",
            Template::Introspect => "introspect",
        }
    }

    /// Tools the template needs.
    pub fn tools(self) -> &'static [&'static str] {
        match self {
            Template::DeployCartridge => &[
                "cartridge_write",
                "cartridge_compile_test",
                "cartridge_deploy",
            ],
            Template::ProbePeer => &["peer_cartridges"],
            Template::Benchmark => &["benchmark_problem"],
            Template::Train => &["request_training"],
            Template::Introspect => &["remember"],
        }
    }

    /// Whether every tool it needs is registered.
    pub fn available(self, tools: &ToolRegistry) -> bool {
        self.tools().iter().all(|t| tools.has(t))
    }

    /// The template a goal's text asks for (keywords), if any.
    pub fn for_goal(text: &str) -> Option<Template> {
        Template::matching(text).first().copied()
    }

    /// Every template whose keywords the goal's text holds, the one it asks for first.
    pub fn matching(text: &str) -> Vec<Template> {
        let t = normalise(text);
        let has = |w: &str| t.split(' ').any(|x| x.starts_with(w));
        let words: [(Template, &[&str]); 5] = [
            (Template::DeployCartridge, &["deploy", "cartridge", "price"]),
            (Template::ProbePeer, &["peer", "probe", "pay"]),
            (Template::Benchmark, &["benchmark", "iq", "problem"]),
            (Template::Train, &["train"]),
            (
                Template::Introspect,
                &["introspect", "status", "remember", "fitness"],
            ),
        ];
        words
            .iter()
            .filter(|(_, ws)| ws.iter().any(|w| has(w)))
            .map(|(t, _)| *t)
            .collect()
    }
}

/// Slug of the built-in template cartridge.
pub const BUILTIN_CARTRIDGE: &str = "soul-echo";

/// A cartridge the soul would deploy next: the first corpus name not served yet, else the
/// built-in template under [`BUILTIN_CARTRIDGE`] if that is not served either.
pub fn next_cartridge(snapshot: &Snapshot) -> Option<String> {
    let served = |name: &str| snapshot.cartridges.iter().any(|c| c.slug == name);
    snapshot
        .corpus
        .iter()
        .find(|name| !served(name))
        .cloned()
        .or_else(|| (!served(BUILTIN_CARTRIDGE)).then(|| BUILTIN_CARTRIDGE.to_string()))
}

/// The cartridge a deploy goal names (`deploy cartridge NAME …`), if any.
fn named_cartridge(goal: &str) -> Option<String> {
    let words: Vec<&str> = goal.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("cartridge"))?;
    let name = words
        .get(at + 1)?
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    (!name.is_empty()
        && name.len() <= 48
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
    .then(|| name.to_string())
}

fn step(tool: &str, args: Value) -> Step {
    Step {
        tool: ToolName::parse(tool).expect("built-in tool names are valid"),
        args,
    }
}

/// The cartridge a deploy goal deploys: the one it names when that is a corpus cartridge (or
/// [`BUILTIN_CARTRIDGE`]), else
/// the corpus cartridge not served yet most similar to the goal's words, else the one it names
/// (from the built-in template), else [`next_cartridge`], else [`BUILTIN_CARTRIDGE`].
pub fn cartridge_for(goal: &str, snapshot: &Snapshot, examples: &Examples) -> String {
    let named = named_cartridge(goal);
    if let Some(n) = named
        .as_ref()
        .filter(|n| snapshot.corpus.contains(n) || n.as_str() == BUILTIN_CARTRIDGE)
    {
        return n.clone();
    }
    let served: std::collections::BTreeSet<&str> = snapshot
        .cartridges
        .iter()
        .map(|c| c.slug.as_str())
        .collect();
    examples
        .best_among(goal, &snapshot.corpus, &served)
        .or(named)
        .or_else(|| next_cartridge(snapshot))
        .unwrap_or_else(|| BUILTIN_CARTRIDGE.to_string())
}

/// Compiles a plan for `goal` from the templates: the goal's keyword template when available,
/// else introspection. `attempt` (0 for the first plan) varies the plan on replans (a deploy
/// falls back to the built-in cartridge source); `examples` pick the corpus cartridge a deploy
/// goal asks for ([`cartridge_for`]). Tools in `avoid` are left out: a template needing one is
/// skipped (the next one the goal matches is used, with no fallback to introspection) and an
/// optional step using one is dropped.
pub fn template_plan(
    goal: &str,
    snapshot: &Snapshot,
    tools: &ToolRegistry,
    attempt: u32,
    examples: &Examples,
    avoid: &[String],
) -> Option<Plan> {
    let usable = |t: &str| tools.has(t) && !avoid.iter().any(|a| a == t);
    let fits = |t: &Template| t.tools().iter().all(|x| usable(x));
    let wanted = Template::matching(goal).into_iter().find(fits);
    let template = wanted.or_else(|| {
        Some(Template::Introspect).filter(|t| avoid.is_empty() && t.available(tools))
    })?;
    let steps = match template {
        Template::DeployCartridge => {
            let name = cartridge_for(goal, snapshot, examples);
            let from = if attempt == 0 && snapshot.corpus.contains(&name) {
                "corpus"
            } else {
                "builtin"
            };
            // A node without payments cannot sell: a priced cartridge would only answer 503.
            let price = if snapshot.payments {
                DEPLOY_PRICE
            } else {
                "$0"
            };
            vec![
                step("cartridge_write", json!({ "draft": name, "from": from })),
                step("cartridge_compile_test", json!({ "draft": name })),
                step(
                    "cartridge_deploy",
                    json!({ "draft": name, "slug": name, "price": price }),
                ),
            ]
        }
        Template::ProbePeer => {
            let n = snapshot.peer_gateways.len().max(1);
            let gateway = snapshot.peer_gateways.get(attempt as usize % n)?.clone();
            let mut steps = vec![step("peer_cartridges", json!({ "gateway": gateway }))];
            if usable("discovery") {
                steps.push(step("discovery", json!({ "gateway": gateway })));
            }
            if usable("pay") && snapshot.payments {
                steps.push(step(
                    "pay",
                    json!({ "url": format!("{gateway}/paid/hello") }),
                ));
            }
            steps
        }
        Template::Benchmark => vec![step("benchmark_problem", json!({}))],
        Template::Train => vec![step("request_training", json!({}))],
        Template::Introspect => {
            let mut steps = Vec::new();
            if usable("read_status") {
                steps.push(step("read_status", json!({})));
            }
            steps.push(step(
                "remember",
                json!({ "key": "last_introspection", "value": {
                    "peers": snapshot.peers_alive, "psi": snapshot.psi,
                    "cartridges": snapshot.cartridges.len(), "iq": snapshot.iq,
                }}),
            ));
            steps
        }
    };
    Some(Plan {
        origin: PlanOrigin::Template,
        template: Some(template.name().to_string()),
        steps,
        next: 0,
    })
}

/// Why an LLM plan was refused.
#[derive(Debug, thiserror::Error)]
pub enum PlanRejected {
    /// No JSON object with `steps` in the answer.
    #[error("the answer holds no JSON plan")]
    NotJson(#[source] Option<serde_json::Error>),
    /// No steps.
    #[error("the plan has no steps")]
    Empty,
    /// More than [`MAX_STEPS`].
    #[error("the plan has {0} steps (at most {MAX_STEPS})")]
    TooManySteps(usize),
    /// A step names no valid tool or has bad arguments.
    #[error("invalid step {index}")]
    Step {
        /// The step's index.
        index: usize,
        /// What is wrong.
        #[source]
        source: StepError,
    },
    /// A step is not `{"tool": name, "args": {…}}`.
    #[error("step {0} is not {{\"tool\": name, \"args\": {{…}}}}")]
    Shape(usize),
}

/// Hints in each list of [`Hints`] put in the prompt.
pub const MAX_HINTS: usize = 3;
/// Longest hint line.
pub const MAX_HINT_BYTES: usize = 200;

/// What the learning systems tell the LLM planner: the fittest genesis templates and the
/// lessons about the tools (at most [`MAX_HINTS`] of each are shown).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// One line per template.
    pub templates: Vec<String>,
    /// One line per lesson.
    pub lessons: Vec<String>,
}

/// The planning request for `goal`, with the corpus cartridges most similar to it as examples
/// (at most [`crate::examples::MAX_EXAMPLE_BYTES`] of them).
pub fn plan_request(
    goal: &str,
    snapshot: &Snapshot,
    tools: &ToolRegistry,
    examples: &Examples,
    hints: &Hints,
) -> ChatRequest {
    let system = format!(
        "You plan the actions of a node's agent. Answer with one JSON object \
         {{\"steps\":[{{\"tool\":NAME,\"args\":{{...}}}}]}} and nothing else: at most {MAX_STEPS} \
         steps, only these tools, arguments exactly as their schemas say.\nTools: {}",
        serde_json::to_string(&tools.specs()).unwrap_or_default()
    );
    let mut user = format!(
        "Goal: {goal}\nNode: {}\nA cartridge you could deploy: {}",
        serde_json::to_string(snapshot).unwrap_or_default(),
        cartridge_for(goal, snapshot, examples)
    );
    let shown = examples.prompt(goal);
    if !shown.is_empty() {
        user.push_str("\nCorpus cartridges like this goal (deploy one with cartridge_write from corpus, or write your own source in their style):\n");
        user.push_str(&shown);
    }
    for (title, lines) in [
        (
            "Plans that worked before (tools in order, fitness):",
            &hints.templates,
        ),
        ("Lessons learned about the tools:", &hints.lessons),
    ] {
        if !lines.is_empty() {
            user.push('\n');
            user.push_str(title);
            for l in lines.iter().take(MAX_HINTS) {
                user.push_str("\n- ");
                user.push_str(&crate::types::cut(l, MAX_HINT_BYTES));
            }
        }
    }
    ChatRequest {
        messages: vec![
            Message::new(Role::System, system),
            Message::new(Role::User, user),
        ],
        tools: Vec::new(),
        max_tokens: 512,
        temperature: 0.0,
        json: true,
    }
}

/// Parses and validates a provider's plan: its tool calls when it made some, else the JSON
/// object in its text (code fences and prose around it are ignored).
pub fn parse_plan(answer: &ChatResponse, tools: &ToolRegistry) -> Result<Plan, PlanRejected> {
    let raw: Vec<Value> = if !answer.tool_calls.is_empty() {
        answer
            .tool_calls
            .iter()
            .map(|c| json!({ "tool": c.name, "args": c.arguments }))
            .collect()
    } else {
        let text = crate::types::cut(&answer.content, MAX_ANSWER);
        let (Some(start), Some(end)) = (text.find('{'), text.rfind('}')) else {
            return Err(PlanRejected::NotJson(None));
        };
        if end < start {
            return Err(PlanRejected::NotJson(None));
        }
        let v: Value =
            serde_json::from_str(&text[start..=end]).map_err(|e| PlanRejected::NotJson(Some(e)))?;
        match v.get("steps").and_then(Value::as_array) {
            Some(steps) => steps.clone(),
            None => return Err(PlanRejected::NotJson(None)),
        }
    };
    if raw.is_empty() {
        return Err(PlanRejected::Empty);
    }
    if raw.len() > MAX_STEPS {
        return Err(PlanRejected::TooManySteps(raw.len()));
    }
    let mut steps = Vec::with_capacity(raw.len());
    for (index, s) in raw.iter().enumerate() {
        let name = s["tool"].as_str().ok_or(PlanRejected::Shape(index))?;
        let tool = ToolName::parse(name).map_err(|_| PlanRejected::Step {
            index,
            source: StepError::UnknownTool(ToolName::parse("unknown").expect("valid name")),
        })?;
        let args = match &s["args"] {
            Value::Null => json!({}),
            v => v.clone(),
        };
        let step = Step { tool, args };
        tools
            .check(&step)
            .map_err(|source| PlanRejected::Step { index, source })?;
        steps.push(step);
    }
    Ok(Plan {
        origin: PlanOrigin::Llm,
        template: None,
        steps,
        next: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Example;
    use crate::observe::CartridgeSeen;

    #[test]
    fn a_deploy_goal_deploys_the_most_similar_unserved_corpus_cartridge() {
        let ex = |n: &str, i: &str| Example {
            name: n.into(),
            instruction: i.into(),
            code: format!("// {n}"),
        };
        let examples = Examples::new(vec![
            ex("leaderboard", "A game leaderboard of players' scores."),
            ex("kv-store", "A key-value store."),
        ]);
        let mut snap = Snapshot {
            corpus: vec!["kv-store".into(), "leaderboard".into()],
            ..Snapshot::default()
        };
        let goal = "deploy a leaderboard for my game";
        assert_eq!(cartridge_for(goal, &snap, &examples), "leaderboard");
        let named = "deploy cartridge kv-store and price it";
        assert_eq!(cartridge_for(named, &snap, &examples), "kv-store");
        let builtin = "deploy cartridge soul-echo";
        assert_eq!(cartridge_for(builtin, &snap, &examples), BUILTIN_CARTRIDGE);
        // Nothing similar: the first corpus cartridge not served.
        assert_eq!(
            cartridge_for("deploy something", &snap, &examples),
            "kv-store"
        );
        // The LLM's planning request shows the similar cartridge as an example.
        let request = plan_request(
            goal,
            &snap,
            &ToolRegistry::default(),
            &examples,
            &Hints::default(),
        );
        assert!(
            request.messages[1]
                .content
                .contains("Example cartridge leaderboard")
        );
        let request = plan_request(
            "introspect",
            &snap,
            &ToolRegistry::default(),
            &examples,
            &Hints::default(),
        );
        assert!(!request.messages[1].content.contains("Example cartridge"));
        // The learning systems' hints are shown, at most 3 of each, each at most 200 bytes.
        let hints = Hints {
            templates: (0..5).map(|i| format!("template-{i}")).collect(),
            lessons: vec!["x".repeat(1000)],
        };
        let request = plan_request(
            "introspect",
            &snap,
            &ToolRegistry::default(),
            &examples,
            &hints,
        );
        let user = &request.messages[1].content;
        assert!(
            user.contains("template-2") && !user.contains("template-3"),
            "{user}"
        );
        assert!(user.contains(&"x".repeat(MAX_HINT_BYTES)));
        assert!(!user.contains(&"x".repeat(MAX_HINT_BYTES + 1)));
        // A served cartridge is not deployed again.
        snap.cartridges.push(CartridgeSeen {
            slug: "leaderboard".into(),
            price_micros: 0,
            requests: 0,
            revenue_micros: 0,
        });
        assert_eq!(cartridge_for(goal, &snap, &examples), "kv-store");
    }
}
