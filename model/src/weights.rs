//! Framework-independent named `f32` tensors and their deterministic safetensors encoding.
//!
//! [`Weights`] is what nodes exchange: a set of named, row-major `f32` tensors sorted by name.
//! [`Weights::to_safetensors`] is *canonical*: the same weights give the same bytes in every
//! process (little-endian `F32`, tensors ordered by name, and **no** `__metadata__` block, whose
//! `HashMap` order would otherwise be randomised per process). [`Weights::blake3_hex`] hashes
//! exactly those bytes, so it equals the iroh-blobs hash of the file.
//!
//! [`Weights::from_safetensors`] is the validation entry point for untrusted files: it keeps
//! the safetensors crate's error text for malformed headers, accepts only `F32`, and rejects
//! NaN/±Inf values (safetensors itself does not check values), naming the offending tensor.

use std::borrow::Cow;
use std::collections::BTreeMap;

use safetensors::tensor::{Dtype, SafeTensorError, SafeTensors, View};
use serde::{Deserialize, Serialize};

/// The name safetensors reserves for its metadata block; never a valid tensor name.
const METADATA_KEY: &str = "__metadata__";

/// Errors from building, encoding, decoding or checking [`Weights`].
#[derive(Debug, thiserror::Error)]
pub enum WeightsError {
    /// The number of values does not equal the product of the shape.
    #[error("tensor `{name}`: shape {shape:?} needs {expected} values, got {actual}")]
    ShapeMismatch {
        /// Tensor name.
        name: String,
        /// Declared shape.
        shape: Vec<usize>,
        /// Product of the shape.
        expected: usize,
        /// Number of values supplied.
        actual: usize,
    },
    /// The tensor name is empty or reserved by safetensors.
    #[error("invalid tensor name `{0}` (empty or reserved)")]
    InvalidName(String),
    /// The bytes are not a well-formed safetensors file.
    #[error("malformed safetensors: {0}")]
    Safetensors(#[from] SafeTensorError),
    /// A tensor uses a dtype other than `F32`.
    #[error("tensor `{name}` has dtype {dtype}, only F32 is accepted")]
    UnsupportedDtype {
        /// Tensor name.
        name: String,
        /// The dtype found in the header.
        dtype: String,
    },
    /// A tensor holds NaN or ±Inf.
    #[error("tensor `{name}` holds a non-finite value ({value}) at flat index {index}")]
    NonFinite {
        /// Tensor name.
        name: String,
        /// Flat (row-major) index of the first bad value.
        index: usize,
        /// The bad value.
        value: f32,
    },
    /// Names or shapes differ from the expected [`Architecture`].
    #[error("architecture mismatch: {0}")]
    ArchitectureMismatch(String),
}

/// A dense row-major `f32` tensor.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    /// Dimensions, outermost first (empty for a scalar).
    pub shape: Vec<usize>,
    /// Row-major values; `data.len()` equals the product of `shape`.
    pub data: Vec<f32>,
}

impl Tensor {
    /// Builds a tensor, checking that `data.len()` equals the product of `shape`.
    pub fn new(shape: Vec<usize>, data: Vec<f32>) -> Result<Self, WeightsError> {
        let t = Tensor { shape, data };
        t.check("<unnamed>")?;
        Ok(t)
    }

    /// An all-zero tensor of the given shape.
    pub fn zeros(shape: Vec<usize>) -> Self {
        let n = shape.iter().product();
        Tensor {
            shape,
            data: vec![0.0; n],
        }
    }

    /// Number of elements (product of the shape).
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// Euclidean norm of the values, accumulated in `f64`.
    pub fn l2_norm(&self) -> f64 {
        self.sum_sq().sqrt()
    }

    fn sum_sq(&self) -> f64 {
        self.data.iter().map(|&v| f64::from(v) * f64::from(v)).sum()
    }

    fn check(&self, name: &str) -> Result<(), WeightsError> {
        let expected = self
            .shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d));
        match expected {
            Some(expected) if expected == self.data.len() => Ok(()),
            expected => Err(WeightsError::ShapeMismatch {
                name: name.to_string(),
                shape: self.shape.clone(),
                expected: expected.unwrap_or(usize::MAX),
                actual: self.data.len(),
            }),
        }
    }
}

/// View of a [`Tensor`] as little-endian `F32` bytes for the safetensors writer.
struct F32View<'a>(&'a Tensor);

impl View for F32View<'_> {
    fn dtype(&self) -> Dtype {
        Dtype::F32
    }

    fn shape(&self) -> &[usize] {
        &self.0.shape
    }

    fn data(&self) -> Cow<'_, [u8]> {
        let mut bytes = Vec::with_capacity(self.0.data.len() * 4);
        for v in &self.0.data {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        Cow::Owned(bytes)
    }

    fn data_len(&self) -> usize {
        self.0.data.len() * 4
    }
}

/// The names and shapes of a set of tensors, sorted by name; two models can exchange
/// weights only when their architectures are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Architecture {
    /// `(name, shape)` pairs sorted by name.
    pub tensors: Vec<(String, Vec<usize>)>,
}

impl Architecture {
    /// BLAKE3 of the canonical text `name:d0xd1x…;` for every tensor in name order
    /// (a scalar is `name:;`).
    pub fn digest(&self) -> [u8; 32] {
        let mut text = String::new();
        for (name, shape) in &self.tensors {
            text.push_str(name);
            text.push(':');
            let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
            text.push_str(&dims.join("x"));
            text.push(';');
        }
        *blake3::hash(text.as_bytes()).as_bytes()
    }

    /// Total number of scalar parameters.
    pub fn num_params(&self) -> usize {
        self.tensors
            .iter()
            .map(|(_, s)| s.iter().product::<usize>())
            .sum()
    }

    /// Checks that `weights` has exactly these names and shapes; the error names the first
    /// difference.
    pub fn check(&self, weights: &Weights) -> Result<(), WeightsError> {
        let other = weights.architecture();
        if *self == other {
            return Ok(());
        }
        for (name, shape) in &self.tensors {
            match weights.get(name) {
                None => {
                    return Err(WeightsError::ArchitectureMismatch(format!(
                        "missing tensor `{name}`"
                    )));
                }
                Some(t) if t.shape != *shape => {
                    return Err(WeightsError::ArchitectureMismatch(format!(
                        "tensor `{name}` has shape {:?}, expected {shape:?}",
                        t.shape
                    )));
                }
                Some(_) => {}
            }
        }
        let extra = other
            .tensors
            .iter()
            .find(|(n, _)| !self.tensors.iter().any(|(m, _)| m == n))
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        Err(WeightsError::ArchitectureMismatch(format!(
            "unexpected tensor `{extra}`"
        )))
    }
}

/// Named `f32` tensors, sorted by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weights {
    tensors: BTreeMap<String, Tensor>,
}

impl Weights {
    /// An empty set of weights.
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts (or replaces) a tensor; fails if the name is empty or `__metadata__`, or if the
    /// shape does not match the number of values.
    pub fn insert(&mut self, name: impl Into<String>, t: Tensor) -> Result<(), WeightsError> {
        let name = name.into();
        if name.is_empty() || name == METADATA_KEY {
            return Err(WeightsError::InvalidName(name));
        }
        t.check(&name)?;
        self.tensors.insert(name, t);
        Ok(())
    }

    /// The tensor with this name.
    pub fn get(&self, name: &str) -> Option<&Tensor> {
        self.tensors.get(name)
    }

    /// Tensors in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Tensor)> {
        self.tensors.iter().map(|(n, t)| (n.as_str(), t))
    }

    /// Number of tensors.
    pub fn len(&self) -> usize {
        self.tensors.len()
    }

    /// Whether there are no tensors.
    pub fn is_empty(&self) -> bool {
        self.tensors.is_empty()
    }

    /// Names and shapes, sorted by name.
    pub fn architecture(&self) -> Architecture {
        Architecture {
            tensors: self
                .tensors
                .iter()
                .map(|(n, t)| (n.clone(), t.shape.clone()))
                .collect(),
        }
    }

    /// Total number of scalar parameters.
    pub fn num_params(&self) -> usize {
        self.tensors.values().map(|t| t.data.len()).sum()
    }

    /// Global Euclidean norm over all tensors, accumulated in `f64`.
    pub fn l2_norm(&self) -> f64 {
        self.tensors
            .values()
            .map(Tensor::sum_sq)
            .sum::<f64>()
            .sqrt()
    }

    /// Canonical safetensors bytes: `F32` little-endian, tensors in name order, no
    /// `__metadata__`. Identical weights give identical bytes in any process.
    pub fn to_safetensors(&self) -> Vec<u8> {
        let views = self.tensors.iter().map(|(n, t)| (n.as_str(), F32View(t)));
        // Every tensor was validated on insert (name not reserved, len == shape product), so
        // the writer can only fail on a header > 100 MB, i.e. absurd tensor names.
        safetensors::tensor::serialize(views, None)
            .expect("validated weights always serialise to safetensors")
    }

    /// Decodes and validates safetensors bytes: malformed files, non-`F32` dtypes and
    /// non-finite values are rejected. A `__metadata__` block, if any, is ignored.
    pub fn from_safetensors(bytes: &[u8]) -> Result<Weights, WeightsError> {
        let st = SafeTensors::deserialize(bytes)?;
        let mut weights = Weights::new();
        for (name, view) in st.iter() {
            if view.dtype() != Dtype::F32 {
                return Err(WeightsError::UnsupportedDtype {
                    name: name.to_string(),
                    dtype: view.dtype().to_string(),
                });
            }
            let data: Vec<f32> = view
                .data()
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            if let Some((index, &value)) = data.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(WeightsError::NonFinite {
                    name: name.to_string(),
                    index,
                    value,
                });
            }
            weights.insert(
                name,
                Tensor {
                    shape: view.shape().to_vec(),
                    data,
                },
            )?;
        }
        Ok(weights)
    }

    /// Hex BLAKE3 of [`Weights::to_safetensors`] (equals the iroh-blobs hash of the file).
    pub fn blake3_hex(&self) -> String {
        blake3::hash(&self.to_safetensors()).to_hex().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed() -> Weights {
        let mut w = Weights::new();
        w.insert(
            "b.bias",
            Tensor::new(vec![3], vec![0.5, -1.25, 3.0]).unwrap(),
        )
        .unwrap();
        w.insert(
            "a.weight",
            Tensor::new(vec![2, 2], vec![1.0, 2.0, -3.0, 0.125]).unwrap(),
        )
        .unwrap();
        w.insert("c.scalar", Tensor::new(vec![], vec![7.0]).unwrap())
            .unwrap();
        w
    }

    /// Child half of `same_bytes_in_another_process`: prints the hash when asked to.
    #[test]
    fn determinism_child() {
        if std::env::var_os("X402_WEIGHTS_CHILD").is_some() {
            println!("HASH={}", fixed().blake3_hex());
        }
    }

    #[test]
    fn same_bytes_in_another_process() {
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new(exe)
            .args([
                "weights::tests::determinism_child",
                "--exact",
                "--nocapture",
            ])
            .env("X402_WEIGHTS_CHILD", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let child = stdout
            .lines()
            .find_map(|l| l.strip_prefix("HASH="))
            .expect("child printed a hash");
        assert_eq!(child, fixed().blake3_hex());
    }

    #[test]
    fn fixed_weights_have_fixed_hash() {
        let w = fixed();
        assert_eq!(w.to_safetensors(), fixed().to_safetensors());
        assert_eq!(w.blake3_hex(), EXPECTED_HASH);
        assert!(
            !String::from_utf8_lossy(&w.to_safetensors()).contains("__metadata__"),
            "no metadata block"
        );
    }

    const EXPECTED_HASH: &str = "bd084801e96fbfe285c9de3f66d01a503d2533c12918edb89618513d6c148d88";

    #[test]
    fn round_trip() {
        let w = fixed();
        let back = Weights::from_safetensors(&w.to_safetensors()).unwrap();
        assert_eq!(back, w);
        assert_eq!(back.architecture(), w.architecture());
        assert_eq!(back.num_params(), 8);
        let names: Vec<&str> = back.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["a.weight", "b.bias", "c.scalar"]);
    }

    #[test]
    fn architecture_digest_and_norm() {
        let w = fixed();
        let arch = w.architecture();
        assert_eq!(arch.num_params(), 8);
        assert_eq!(
            arch.digest(),
            *blake3::hash(b"a.weight:2x2;b.bias:3;c.scalar:;").as_bytes()
        );
        let expected: f64 = [1.0f64, 4.0, 9.0, 0.015625, 0.25, 1.5625, 9.0, 49.0]
            .iter()
            .sum::<f64>()
            .sqrt();
        assert!((w.l2_norm() - expected).abs() < 1e-12);
        arch.check(&w).unwrap();
        let mut other = fixed();
        other.insert("b.bias", Tensor::zeros(vec![1, 3])).unwrap();
        let err = arch.check(&other).unwrap_err().to_string();
        assert!(err.contains("b.bias"), "{err}");
        other.insert("d", Tensor::zeros(vec![1])).unwrap();
        assert_ne!(other.architecture().digest(), arch.digest());
    }

    #[test]
    fn shape_len_mismatch_rejected() {
        let err = Tensor::new(vec![2, 3], vec![0.0; 5]).unwrap_err();
        assert!(matches!(
            err,
            WeightsError::ShapeMismatch {
                expected: 6,
                actual: 5,
                ..
            }
        ));
        let mut w = Weights::new();
        let bad = Tensor {
            shape: vec![4],
            data: vec![1.0; 3],
        };
        assert!(matches!(
            w.insert("x", bad),
            Err(WeightsError::ShapeMismatch { .. })
        ));
        assert!(matches!(
            w.insert("__metadata__", Tensor::zeros(vec![1])),
            Err(WeightsError::InvalidName(_))
        ));
        assert!(w.is_empty());
    }

    #[test]
    fn nan_rejected() {
        let mut w = fixed();
        w.insert("n", Tensor::new(vec![2], vec![1.0, f32::NAN]).unwrap())
            .unwrap();
        let err = Weights::from_safetensors(&w.to_safetensors()).unwrap_err();
        match err {
            WeightsError::NonFinite { name, index, .. } => {
                assert_eq!(name, "n");
                assert_eq!(index, 1);
            }
            other => panic!("unexpected {other}"),
        }
        let mut w = Weights::new();
        w.insert("inf", Tensor::new(vec![1], vec![f32::INFINITY]).unwrap())
            .unwrap();
        assert!(Weights::from_safetensors(&w.to_safetensors()).is_err());
    }

    #[test]
    fn wrong_dtype_rejected() {
        let data: Vec<u8> = [1.0f64, 2.0].iter().flat_map(|v| v.to_le_bytes()).collect();
        let view = safetensors::tensor::TensorView::new(Dtype::F64, vec![2], &data).unwrap();
        let bytes = safetensors::tensor::serialize([("w", view)], None).unwrap();
        let err = Weights::from_safetensors(&bytes).unwrap_err();
        assert!(
            matches!(err, WeightsError::UnsupportedDtype { ref name, .. } if name == "w"),
            "{err}"
        );
    }

    #[test]
    fn truncated_and_garbage_rejected() {
        let bytes = fixed().to_safetensors();
        for cut in [0, 4, 8, 20, bytes.len() - 1] {
            let err = Weights::from_safetensors(&bytes[..cut]).unwrap_err();
            assert!(matches!(err, WeightsError::Safetensors(_)), "{cut}: {err}");
        }
        let mut garbage = bytes.clone();
        garbage[8] = b'[';
        assert!(Weights::from_safetensors(&garbage).is_err());
        let mut extra = bytes;
        extra.push(0);
        assert!(Weights::from_safetensors(&extra).is_err());
    }
}
