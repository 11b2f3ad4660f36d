//! Native search latency on an index file, for profiling (perf, callgrind):
//! `cargo run --release --example search_latency -- INDEX QUERY... [--repeat N] [--no-hits] [--facets]`

use std::time::Instant;

use newsdex::{Index, SearchOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let repeat = match args.iter().position(|a| a == "--repeat") {
        Some(i) => {
            let n = args[i + 1].parse()?;
            args.drain(i..i + 2);
            n
        }
        None => 200,
    };
    let limit = if let Some(i) = args.iter().position(|a| a == "--no-hits") {
        args.remove(i);
        0
    } else {
        10
    };
    let facets = match args.iter().position(|a| a == "--facets") {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    };
    let index = Index::from_bytes(std::fs::read(&args[0])?)?;
    for query in &args[1..] {
        let mut times = Vec::with_capacity(repeat);
        let mut total = 0;
        for _ in 0..repeat {
            let started = Instant::now();
            total = index
                .search(
                    query,
                    &SearchOptions {
                        limit,
                        offset: 0,
                        facets,
                    },
                )?
                .total;
            times.push(started.elapsed().as_secs_f64() * 1e6);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{query:>30}  total {total:>6}  p50 {:>8.1} µs  p95 {:>8.1} µs",
            times[repeat / 2],
            times[repeat * 95 / 100]
        );
    }
    Ok(())
}
