fn main() {
    std::process::exit(callsheet::cli::main());
}
