//! Hot paths of the once-per-second cognition tick: one Bloch step (damped motion plus a peer
//! merge), a peer's pheromone trails merged into a full field, the Psi formula, and a whole
//! [`Cognition::tick`] with 19 fresh peers. Run:
//! `cargo bench -p x402-cognition --bench cognition`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use x402_cognition::pheromone::MAX_TRAILS;
use x402_cognition::{
    BlochPoint, BlochState, Cognition, ColonySignals, Deposit, PeerSignal, PheromoneField,
    PsiFactors, Trail, TrailCategory, psi,
};

/// A valid Bloch point spread over the sphere by `i`.
fn point(i: usize) -> BlochPoint {
    let theta = 0.1 + (i as f64 * 0.37) % 2.9;
    let phi = (i as f64 * 1.13) % std::f64::consts::TAU;
    BlochPoint::new(theta, phi).expect("theta in (0.1, 3.0) and phi in [0, 2pi) are valid")
}

/// A field at capacity (`MAX_TRAILS` trails over all categories).
fn full_field() -> PheromoneField {
    let mut field = PheromoneField::default();
    for i in 0..MAX_TRAILS {
        field.deposit(&format!("resource-{i}"), category(i), valence(i));
    }
    field
}

fn category(i: usize) -> TrailCategory {
    [
        TrailCategory::Peer,
        TrailCategory::Topic,
        TrailCategory::Action,
        TrailCategory::File,
        TrailCategory::ErrorPattern,
    ][i % 5]
}

fn valence(i: usize) -> f64 {
    ((i % 21) as f64 - 10.0) / 10.0
}

/// What a peer gossips: its 64 strongest trails, half of them known locally.
fn peer_trails() -> Vec<Trail> {
    (0..64)
        .map(|i| Trail {
            resource: format!("resource-{}", i * 16),
            category: category(i * 16 + i % 2),
            valence: valence(i),
            intensity: 0.2 + (i % 10) as f64 * 0.25,
            reinforcement_count: 3,
        })
        .collect()
}

/// One tick of a colony of 20: 19 fresh peers, a handful of events.
fn signals() -> ColonySignals {
    ColonySignals {
        known_peers: 19,
        fresh_peers: 19,
        accepted: 120,
        rejected: 2,
        heartbeat_surprise: 0.05,
        peers: (0..19)
            .map(|i| PeerSignal {
                bloch: point(i),
                reputation: 0.5 + (i % 5) as f64 * 0.1,
            })
            .collect(),
        deposits: (0..8)
            .map(|i| Deposit {
                resource: format!("resource-{i}"),
                category: category(i),
                valence: valence(i),
            })
            .collect(),
        learning_surprise: Some(0.2),
    }
}

fn bench(c: &mut Criterion) {
    c.bench_function("bloch step (update + merge_peer)", |b| {
        let mut state = BlochState::default();
        let peer = point(7);
        b.iter(|| {
            state.update(black_box(0.01), black_box(-0.02));
            state.merge_peer(black_box(peer), black_box(0.07));
        })
    });

    let field = full_field();
    let trails = peer_trails();
    c.bench_function("pheromone merge_peer (64 trails into 500)", |b| {
        b.iter_batched_ref(
            || field.clone(),
            |field| field.merge_peer(black_box(&trails), black_box(0.8)),
            BatchSize::SmallInput,
        )
    });

    let factors = PsiFactors {
        integration: 0.9,
        synchrony: 0.6,
        diversity: 0.7,
        vitality: 0.1,
    };
    c.bench_function("psi formula", |b| b.iter(|| psi(black_box(&factors))));

    c.bench_function("pheromone diversity (500 trails)", |b| {
        b.iter(|| black_box(&field).diversity())
    });

    let signals = signals();
    let mut warm = Cognition::new();
    for _ in 0..20 {
        warm.tick(&signals);
    }
    c.bench_function("cognition tick (19 peers, 8 deposits)", |b| {
        b.iter_batched_ref(
            || warm.clone(),
            |state| *state.tick(black_box(&signals)),
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
