//! Cognitive state as a point on the Bloch sphere.
//!
//! ```text
//! theta in [0, pi]:   0 = exploit ... pi/2 = balanced ... pi = explore
//! phi   in [0, 2pi):  0 = self-focus ... pi = colony-focus
//!
//! x = sin(theta) cos(phi),  y = sin(theta) sin(phi),  z = cos(theta)
//! ```
//!
//! The state moves with damped momentum: the free-energy trend pushes theta
//! (rising surprise -> explore), the Psi trend pulls phi toward the colony
//! (Psi rising) or toward self (Psi falling). Peers pull the state toward
//! their own point by a Cartesian interpolation ("entanglement analog").
//!
//! Formulas follow the reference system, tempo-x402 v9.3.0
//! `soul/src/bloch.rs` (`BlochState::evolve` with `dt = 1`, `merge_peer`),
//! with one deliberate difference: `sign(0) = 0` here, whereas the reference
//! uses `f64::signum`, for which `signum(0.0) = 1`.

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use serde::{Deserialize, Serialize};

use crate::unit::{clamp_unit, finite_or_zero};

/// Momentum kept by both angular velocities on every update.
pub const DAMPING: f64 = 0.8;
/// How strongly the free-energy trend accelerates theta.
pub const THETA_GAIN: f64 = 0.3;
/// How strongly the magnitude of the Psi trend accelerates phi.
pub const PHI_GAIN: f64 = 0.2;
/// Smallest theta reachable by [`BlochState::update`] (keeps phi meaningful).
pub const THETA_MIN: f64 = 0.01;
/// Largest theta reachable by [`BlochState::update`] (keeps phi meaningful).
pub const THETA_MAX: f64 = PI - THETA_MIN;
/// Fraction of each angular velocity kept after a peer merge.
pub const MERGE_VELOCITY_RETENTION: f64 = 0.5;
/// Below this norm an interpolated vector has no usable direction; the merge
/// then keeps the current point.
pub const MIN_MERGE_NORM: f64 = 1e-9;

/// Why a pair of angles is not a valid point on the Bloch sphere.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum BlochError {
    /// theta is NaN or infinite.
    #[error("theta must be finite, got {0}")]
    NonFiniteTheta(f64),
    /// phi is NaN or infinite.
    #[error("phi must be finite, got {0}")]
    NonFinitePhi(f64),
    /// theta is finite but outside `[0, pi]`.
    #[error("theta must lie in [0, pi], got {0}")]
    ThetaOutOfRange(f64),
    /// phi is finite but outside `[0, 2pi)`.
    #[error("phi must lie in [0, 2pi), got {0}")]
    PhiOutOfRange(f64),
}

/// A position on the unit sphere: the exploit/explore and self/colony
/// orientation of a node, as gossiped to peers.
///
/// Deserialisation validates the angles with [`BlochPoint::new`], so a point
/// received from the network is always in range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "UncheckedBlochPoint")]
pub struct BlochPoint {
    /// Polar angle in `[0, pi]`: 0 = exploit, pi = explore.
    pub theta: f64,
    /// Azimuth in `[0, 2pi)`: 0 = self-focus, pi = colony-focus.
    pub phi: f64,
}

/// Wire form of [`BlochPoint`] before validation.
#[derive(Deserialize)]
struct UncheckedBlochPoint {
    theta: f64,
    phi: f64,
}

impl TryFrom<UncheckedBlochPoint> for BlochPoint {
    type Error = BlochError;

    fn try_from(raw: UncheckedBlochPoint) -> Result<Self, Self::Error> {
        BlochPoint::new(raw.theta, raw.phi)
    }
}

impl Default for BlochPoint {
    /// The balanced, self-focused point: theta = pi/2, phi = 0.
    fn default() -> Self {
        Self {
            theta: FRAC_PI_2,
            phi: 0.0,
        }
    }
}

impl BlochPoint {
    /// Validates the angles: both finite, theta in `[0, pi]`, phi in `[0, 2pi)`.
    pub fn new(theta: f64, phi: f64) -> Result<Self, BlochError> {
        if !theta.is_finite() {
            return Err(BlochError::NonFiniteTheta(theta));
        }
        if !phi.is_finite() {
            return Err(BlochError::NonFinitePhi(phi));
        }
        if !(0.0..=PI).contains(&theta) {
            return Err(BlochError::ThetaOutOfRange(theta));
        }
        if !(0.0..TAU).contains(&phi) {
            return Err(BlochError::PhiOutOfRange(phi));
        }
        Ok(Self { theta, phi })
    }

    /// Unit vector `[sin(theta) cos(phi), sin(theta) sin(phi), cos(theta)]`.
    pub fn to_cartesian(&self) -> [f64; 3] {
        let (sin_theta, cos_theta) = self.theta.sin_cos();
        let (sin_phi, cos_phi) = self.phi.sin_cos();
        [sin_theta * cos_phi, sin_theta * sin_phi, cos_theta]
    }

    /// The point in the direction of `v` (normalised first). A zero-length or
    /// non-finite vector has no direction and yields [`BlochPoint::default`].
    pub fn from_cartesian(v: [f64; 3]) -> Self {
        let [x, y, z] = v;
        if !(x.is_finite() && y.is_finite() && z.is_finite()) {
            return Self::default();
        }
        let norm = x.hypot(y).hypot(z);
        if !norm.is_finite() || norm < MIN_MERGE_NORM {
            return Self::default();
        }
        let (x, y, z) = (x / norm, y / norm, z / norm);
        Self {
            theta: z.clamp(-1.0, 1.0).acos(),
            phi: wrap_phi(y.atan2(x)),
        }
    }

    /// Exploration share in `[0, 1]`: theta / pi.
    pub fn exploration(&self) -> f64 {
        self.theta / PI
    }

    /// Colony focus in `[0, 1]`: |sin(phi)|.
    pub fn colony_focus(&self) -> f64 {
        self.phi.sin().abs()
    }

    /// Great-circle distance to `other`, in radians (`[0, pi]`).
    pub fn angular_distance(&self, other: &BlochPoint) -> f64 {
        let a = self.to_cartesian();
        let b = other.to_cartesian();
        let dot: f64 = a.iter().zip(b.iter()).map(|(p, q)| p * q).sum();
        dot.clamp(-1.0, 1.0).acos()
    }
}

/// The evolving cognitive state of this node: a Bloch point plus angular
/// velocities that give it momentum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlochState {
    /// Polar angle, kept in `[THETA_MIN, THETA_MAX]` by [`BlochState::update`].
    pub theta: f64,
    /// Azimuth, kept in `[0, 2pi)`.
    pub phi: f64,
    /// Angular velocity of theta (radians per tick).
    pub d_theta: f64,
    /// Angular velocity of phi (radians per tick).
    pub d_phi: f64,
}

impl Default for BlochState {
    /// Balanced (theta = pi/2), self-focused (phi = 0), at rest.
    fn default() -> Self {
        Self {
            theta: FRAC_PI_2,
            phi: 0.0,
            d_theta: 0.0,
            d_phi: 0.0,
        }
    }
}

impl BlochState {
    /// The current position as a validated point. Corrupt stored angles
    /// (non-finite or out of range) are repaired rather than propagated.
    pub fn point(&self) -> BlochPoint {
        let mut repaired = self.clone();
        repaired.repair();
        BlochPoint {
            theta: repaired.theta,
            phi: repaired.phi,
        }
    }

    /// One tick of damped motion (reference `evolve` with `dt = 1`):
    ///
    /// ```text
    /// d_theta = 0.8 d_theta + 0.3 f_trend
    /// target  = pi if psi_trend > 0 else 0
    /// d_phi   = 0.8 d_phi + 0.2 |psi_trend| sign(target - phi)
    /// theta   = clamp(theta + d_theta, 0.01, pi - 0.01)
    /// phi     = (phi + d_phi) mod 2pi
    /// ```
    ///
    /// Non-finite trends are treated as 0.
    pub fn update(&mut self, free_energy_trend: f64, psi_trend: f64) {
        self.repair();
        let f_trend = finite_or_zero(free_energy_trend);
        let psi_trend = finite_or_zero(psi_trend);

        self.d_theta = DAMPING * self.d_theta + THETA_GAIN * f_trend;
        let target_phi = if psi_trend > 0.0 { PI } else { 0.0 };
        self.d_phi =
            DAMPING * self.d_phi + PHI_GAIN * psi_trend.abs() * sign(target_phi - self.phi);

        self.theta = (self.theta + self.d_theta).clamp(THETA_MIN, THETA_MAX);
        self.phi = wrap_phi(self.phi + self.d_phi);
        self.repair();
    }

    /// Pulls the state toward `peer` (the "entanglement analog"): the unit
    /// vectors are interpolated, `v = (1 - rate) self + rate peer`, and the
    /// result is renormalised; if it has no direction (antipodal points at
    /// rate 1/2) the position is kept. Both velocities are then halved.
    ///
    /// `rate` is clamped to `[0, 1]` (NaN counts as 0). A merge with rate 0,
    /// or with a peer whose angles are not finite, changes nothing.
    pub fn merge_peer(&mut self, peer: BlochPoint, rate: f64) {
        self.repair();
        let rate = clamp_unit(rate);
        let peer_vector = peer.to_cartesian();
        if rate == 0.0 || peer_vector.iter().any(|c| !c.is_finite()) {
            return;
        }
        let own_vector = self.point().to_cartesian();
        let mut mixed = [0.0; 3];
        for (m, (own, theirs)) in mixed
            .iter_mut()
            .zip(own_vector.iter().zip(peer_vector.iter()))
        {
            *m = (1.0 - rate) * own + rate * theirs;
        }
        if mixed[0].hypot(mixed[1]).hypot(mixed[2]) > MIN_MERGE_NORM {
            let merged = BlochPoint::from_cartesian(mixed);
            self.theta = merged.theta;
            self.phi = merged.phi;
        }
        self.d_theta *= MERGE_VELOCITY_RETENTION;
        self.d_phi *= MERGE_VELOCITY_RETENTION;
    }

    /// Replaces non-finite fields by their defaults and brings the angles
    /// back into range, so corrupt persisted state cannot poison later ticks.
    fn repair(&mut self) {
        self.theta = if self.theta.is_finite() {
            self.theta.clamp(0.0, PI)
        } else {
            FRAC_PI_2
        };
        self.phi = if self.phi.is_finite() {
            wrap_phi(self.phi)
        } else {
            0.0
        };
        self.d_theta = finite_or_zero(self.d_theta);
        self.d_phi = finite_or_zero(self.d_phi);
    }
}

/// Mean resultant length of the points' unit vectors, in `[0, 1]`:
/// 1 when all points coincide, 0 when they cancel out (e.g. two antipodal
/// points) and for an empty slice. Points with non-finite angles are ignored.
pub fn coherence(points: &[BlochPoint]) -> f64 {
    let mut sum = [0.0; 3];
    let mut count = 0usize;
    for vector in points.iter().map(BlochPoint::to_cartesian) {
        if vector.iter().all(|c| c.is_finite()) {
            for (s, c) in sum.iter_mut().zip(vector.iter()) {
                *s += c;
            }
            count += 1;
        }
    }
    if count == 0 {
        return 0.0;
    }
    let n = count as f64;
    clamp_unit((sum[0] / n).hypot(sum[1] / n).hypot(sum[2] / n))
}

/// `-1`, `0` or `1` by the sign of `x` (0 for 0 and NaN).
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// Wraps a finite angle into `[0, 2pi)`; `rem_euclid` can round up to exactly
/// 2pi for tiny negative inputs, which is folded back to 0.
fn wrap_phi(phi: f64) -> f64 {
    let wrapped = phi.rem_euclid(TAU);
    if wrapped.is_finite() && wrapped < TAU {
        wrapped
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    fn state(theta: f64, phi: f64) -> BlochState {
        BlochState {
            theta,
            phi,
            d_theta: 0.0,
            d_phi: 0.0,
        }
    }

    #[test]
    fn default_is_balanced_and_self_focused() {
        let s = BlochState::default();
        assert_eq!(s.theta, FRAC_PI_2);
        assert_eq!(s.phi, 0.0);
        assert!((s.point().exploration() - 0.5).abs() < EPS);
        assert!(s.point().colony_focus() < EPS);
    }

    #[test]
    fn update_theta_follows_hand_computed_momentum() {
        let mut s = BlochState::default();
        s.update(0.1, 0.0);
        assert!((s.d_theta - 0.03).abs() < EPS);
        assert!((s.theta - (FRAC_PI_2 + 0.03)).abs() < EPS);
        assert_eq!(s.d_phi, 0.0);
        assert_eq!(s.phi, 0.0);

        // Second tick: 0.8 * 0.03 + 0.03 = 0.054; theta moves by another 0.054.
        s.update(0.1, 0.0);
        assert!((s.d_theta - 0.054).abs() < EPS);
        assert!((s.theta - (FRAC_PI_2 + 0.084)).abs() < EPS);
    }

    #[test]
    fn update_phi_turns_toward_colony_then_back_toward_self() {
        let mut s = BlochState::default();
        // Psi rising: target pi, sign(pi - 0) = 1, d_phi = 0.2 * 0.5 = 0.1.
        s.update(0.0, 0.5);
        assert!((s.d_phi - 0.1).abs() < EPS);
        assert!((s.phi - 0.1).abs() < EPS);
        // Psi falling: target 0, sign(0 - 0.1) = -1, d_phi = 0.08 - 0.1 = -0.02.
        s.update(0.0, -0.5);
        assert!((s.d_phi + 0.02).abs() < EPS);
        assert!((s.phi - 0.08).abs() < EPS);
    }

    #[test]
    fn update_with_phi_on_target_has_no_phi_force() {
        // sign(0) = 0: already self-focused and Psi falling -> no push.
        let mut s = BlochState::default();
        s.update(0.0, -1.0);
        assert_eq!(s.d_phi, 0.0);
        assert_eq!(s.phi, 0.0);
    }

    #[test]
    fn update_wraps_phi_into_range() {
        let mut s = state(FRAC_PI_2, 0.05);
        // target 0, sign(-0.05) = -1, d_phi = -0.2, phi = -0.15 -> 2pi - 0.15.
        s.update(0.0, -1.0);
        assert!((s.phi - (TAU - 0.15)).abs() < 1e-9);
        for _ in 0..500 {
            s.update(0.0, 3.0);
            assert!((0.0..TAU).contains(&s.phi), "phi {} escaped", s.phi);
        }
    }

    #[test]
    fn update_clamps_theta_at_the_poles() {
        let mut s = BlochState::default();
        for _ in 0..100 {
            s.update(50.0, 0.0);
        }
        assert_eq!(s.theta, THETA_MAX);
        for _ in 0..200 {
            s.update(-50.0, 0.0);
        }
        assert_eq!(s.theta, THETA_MIN);
    }

    #[test]
    fn update_treats_non_finite_trends_as_zero() {
        let mut s = BlochState::default();
        s.update(f64::NAN, f64::INFINITY);
        assert_eq!(s, BlochState::default());
    }

    #[test]
    fn merge_moves_toward_peer_and_halves_velocities() {
        let mut s = BlochState {
            theta: 1.0,
            phi: 0.5,
            d_theta: 0.2,
            d_phi: -0.4,
        };
        let peer = BlochPoint::new(2.5, 3.0).unwrap();
        let before = s.point().angular_distance(&peer);
        s.merge_peer(peer, 0.1);
        let after = s.point().angular_distance(&peer);
        assert!(after < before, "distance {before} -> {after}");
        assert!((s.d_theta - 0.1).abs() < EPS);
        assert!((s.d_phi + 0.2).abs() < EPS);
    }

    #[test]
    fn merge_with_rate_one_lands_on_peer() {
        let mut s = state(0.7, 5.0);
        let peer = BlochPoint::new(2.0, 1.2).unwrap();
        s.merge_peer(peer, 1.0);
        assert!((s.theta - 2.0).abs() < 1e-9);
        assert!((s.phi - 1.2).abs() < 1e-9);
        // Rates above 1 are clamped to 1.
        let mut t = state(0.7, 5.0);
        t.merge_peer(peer, 7.0);
        assert!(t.point().angular_distance(&peer) < 1e-9);
    }

    #[test]
    fn merge_with_zero_or_nan_rate_changes_nothing() {
        let original = BlochState {
            theta: 1.0,
            phi: 0.5,
            d_theta: 0.2,
            d_phi: 0.1,
        };
        let peer = BlochPoint::new(2.5, 3.0).unwrap();
        let mut s = original.clone();
        s.merge_peer(peer, 0.0);
        assert_eq!(s, original);
        s.merge_peer(peer, f64::NAN);
        assert_eq!(s, original);
    }

    #[test]
    fn merge_of_antipodal_half_way_keeps_position() {
        let mut s = state(FRAC_PI_2, 0.0);
        let antipode = BlochPoint::new(FRAC_PI_2, PI).unwrap();
        s.merge_peer(antipode, 0.5);
        assert!((s.theta - FRAC_PI_2).abs() < EPS);
        assert!(s.phi.abs() < EPS);
    }

    #[test]
    fn coherence_of_identical_points_is_one() {
        let p = BlochPoint::new(1.1, 4.0).unwrap();
        assert!((coherence(&[p, p, p]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn coherence_of_antipodal_points_is_zero() {
        let a = BlochPoint::new(0.4, 1.0).unwrap();
        let b = BlochPoint::new(PI - 0.4, 1.0 + PI).unwrap();
        assert!(coherence(&[a, b]) < 1e-12);
    }

    #[test]
    fn coherence_of_nothing_is_zero_and_spread_is_partial() {
        assert_eq!(coherence(&[]), 0.0);
        // Two orthogonal points: |(e1 + e2) / 2| = sqrt(2) / 2.
        let a = BlochPoint::new(FRAC_PI_2, 0.0).unwrap();
        let b = BlochPoint::new(FRAC_PI_2, FRAC_PI_2).unwrap();
        assert!((coherence(&[a, b]) - 2f64.sqrt() / 2.0).abs() < 1e-12);
    }

    #[test]
    fn new_rejects_bad_angles_with_precise_variant() {
        assert!(matches!(
            BlochPoint::new(f64::NAN, 0.0),
            Err(BlochError::NonFiniteTheta(_))
        ));
        assert!(matches!(
            BlochPoint::new(1.0, f64::INFINITY),
            Err(BlochError::NonFinitePhi(_))
        ));
        assert_eq!(
            BlochPoint::new(-0.1, 0.0),
            Err(BlochError::ThetaOutOfRange(-0.1))
        );
        assert_eq!(
            BlochPoint::new(PI + 0.1, 0.0),
            Err(BlochError::ThetaOutOfRange(PI + 0.1))
        );
        assert_eq!(
            BlochPoint::new(1.0, TAU),
            Err(BlochError::PhiOutOfRange(TAU))
        );
        assert_eq!(
            BlochPoint::new(1.0, -0.5),
            Err(BlochError::PhiOutOfRange(-0.5))
        );
        assert!(BlochPoint::new(0.0, 0.0).is_ok());
        assert!(BlochPoint::new(PI, TAU - 1e-9).is_ok());
    }

    #[test]
    fn cartesian_round_trip() {
        for &(theta, phi) in &[(1.2, 2.5), (0.3, 5.9), (2.9, 0.1), (FRAC_PI_2, PI)] {
            let p = BlochPoint::new(theta, phi).unwrap();
            let back = BlochPoint::from_cartesian(p.to_cartesian());
            assert!((back.theta - theta).abs() < 1e-10, "theta {theta}");
            assert!((back.phi - phi).abs() < 1e-10, "phi {phi}");
        }
    }

    #[test]
    fn from_cartesian_normalises_and_defaults_on_zero() {
        let p = BlochPoint::from_cartesian([0.0, 0.0, 5.0]);
        assert!(p.theta.abs() < EPS);
        assert_eq!(BlochPoint::from_cartesian([0.0; 3]), BlochPoint::default());
        assert_eq!(
            BlochPoint::from_cartesian([f64::NAN, 1.0, 0.0]),
            BlochPoint::default()
        );
        let q = BlochPoint::from_cartesian([0.0, -3.0, 0.0]);
        assert!((q.phi - 1.5 * PI).abs() < 1e-12);
    }

    #[test]
    fn exploration_and_colony_focus() {
        let p = BlochPoint::new(PI, FRAC_PI_2).unwrap();
        assert!((p.exploration() - 1.0).abs() < EPS);
        assert!((p.colony_focus() - 1.0).abs() < EPS);
    }

    #[test]
    fn point_repairs_corrupt_state() {
        let s = BlochState {
            theta: f64::NAN,
            phi: -1.0,
            d_theta: 0.0,
            d_phi: 0.0,
        };
        let p = s.point();
        assert!(BlochPoint::new(p.theta, p.phi).is_ok());
    }

    #[test]
    fn deserialisation_validates_points() {
        let ok: BlochPoint = serde_json::from_str(r#"{"theta":1.0,"phi":2.0}"#).unwrap();
        assert_eq!(ok, BlochPoint::new(1.0, 2.0).unwrap());
        let bad = serde_json::from_str::<BlochPoint>(r#"{"theta":4.0,"phi":2.0}"#);
        assert!(bad.is_err());
    }
}
