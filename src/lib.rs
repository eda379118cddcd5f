//! Factmark: a desktop annotation tool for fact-checkers.
//!
//! The model, files, imports and exports are plain Rust (no egui), so the command line, the
//! tests and the benchmarks use them without a window.

#[cfg(feature = "app")]
pub mod app;
pub mod atomic_file;
pub mod cli;
pub mod compare;
pub mod disk_stamp;
pub mod export;
pub mod import;
pub mod library;
pub mod merge;
pub mod model;
pub mod palette;
pub mod platform;
pub mod project_file;
pub mod project_lock;
pub mod reanchor;
pub mod synthetic;
#[cfg(feature = "app")]
pub mod text_layout;
