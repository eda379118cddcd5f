use std::process::ExitCode;

use clap::Parser as _;
use factmark::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => cli::run(command),
        None => open_window(cli.file, cli.library),
    }
}

#[cfg(feature = "app")]
fn open_window(file: Option<std::path::PathBuf>, library: Option<std::path::PathBuf>) -> ExitCode {
    factmark::app::run_with_library(file, library)
}

#[cfg(not(feature = "app"))]
fn open_window(
    _file: Option<std::path::PathBuf>,
    _library: Option<std::path::PathBuf>,
) -> ExitCode {
    eprintln!(
        "error: this build of factmark has no desktop window (built without the `app` feature)"
    );
    ExitCode::from(1)
}
