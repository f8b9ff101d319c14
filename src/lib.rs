//! # health-steward
//!
//! Offline health risk scoring, personalised care plans and health points for community health
//! mini apps, compiled to WebAssembly for mobile web, Node and WeChat-style mini programs.
//!
//! The core modules ([`risk`], [`plan`], [`points`], [`monitoring`], [`i18n`], [`error`],
//! [`calendar`]) are pure Rust and know nothing of JavaScript. Every document is read by one
//! reader ([`read`]); errors keep what went wrong and are worded at the boundary. The `wasm`
//! module (compiled only for `wasm32`) is a thin layer that converts values and errors at the
//! JS boundary. `docs/architecture.md` describes the layers.
//!
//! The library never reads the clock, the network or storage: dates and instants are arguments.

pub mod calendar;
pub mod cards;
pub mod error;
pub mod i18n;
pub mod json_path;
pub mod monitoring;
pub mod order;
pub mod plan;
pub mod points;
pub mod read;
pub mod risk;
pub mod units;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, ErrorCode};
pub use i18n::Locale;
pub use risk::{assess_model, assess_risk, model_catalog, AssessOptions, Profile, RiskReport, RiskResult};

/// The crate version (`version()` in JS).
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
