//! The `ndlint` binary: parse arguments, run, map the outcome to an exit code.

use clap::Parser;

fn main() {
    let cli = ndlint::cli::Cli::parse();
    std::process::exit(ndlint::cli::main(cli));
}

// Parsing builds many small values: a fast allocator that scales across threads pays off.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
