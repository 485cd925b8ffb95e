//! Links the `callsheet` binary position-dependent (`-no-pie`) on Linux/glibc.
//!
//! chrono-tz's zone tables hold ~30,000 pointers (each period's
//! abbreviation). In a position-independent executable every one is a
//! relocation the dynamic loader patches at every start, dirtying ~270
//! pages: at 1M screens that was 457k of `callsheet day`'s 3.89M
//! instructions and 248 of its 529 page faults (callgrind, `/usr/bin/time`),
//! for a command that must answer in about 2 ms. Linked at a fixed address
//! they are resolved at link time and the tables stay clean, shared pages.
//! The cost: the executable's own code is not address-randomised (its
//! libraries, stack and heap still are). Only the binary: tests, benches
//! and examples link as usual.
fn main() {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
