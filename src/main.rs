use clap::Parser;

fn main() {
    let cli = infragap::cli::Cli::parse();
    std::process::exit(infragap::cli::run(cli));
}
