use std::process::ExitCode;

use clap::Parser as _;
use factmark::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => cli::run(command),
        None => {
            eprintln!(
                "error: the desktop window is not built yet; use `factmark --help` for the commands"
            );
            ExitCode::from(1)
        }
    }
}
