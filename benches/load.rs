//! Opening a big project: the reader against a plain `serde_json::Value` parse of the same
//! bytes (the floor for any reader that keeps unknown fields). The budget is 1.5 × that.
//! Prints `bench project.load_ms=… value_parse_ms=… ratio=…`, medians of a few runs.
//!
//! Run with `cargo bench --bench load` (add `--no-default-features` to skip the app).

use std::hint::black_box;
use std::time::Instant;

use factmark::project_file::{parse_project, project_to_json};

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    // `cargo bench` passes --bench; anything else is the quick mode.
    let full = std::env::args().any(|a| a == "--bench");
    let (bytes, annotations, iterations) = if full {
        (2 * 1024 * 1024, 10_000, 15)
    } else {
        (100 * 1024, 500, 2)
    };
    let project = factmark::synthetic::project(bytes, annotations, 42);
    let file = project_to_json(&project);
    let mut load = Vec::new();
    let mut value = Vec::new();
    for _ in 0..iterations {
        let start = Instant::now();
        black_box(serde_json::from_slice::<serde_json::Value>(&file).unwrap());
        value.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        black_box(parse_project(&file).unwrap());
        load.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let (load, value) = (median(load), median(value));
    println!(
        "# project file {:.2} MB, {} annotations, {} iterations",
        file.len() as f64 / 1_048_576.0,
        project.annotations().len(),
        iterations
    );
    println!(
        "bench project.load_ms={load:.1} value_parse_ms={value:.1} ratio={:.2}",
        load / value
    );
}
