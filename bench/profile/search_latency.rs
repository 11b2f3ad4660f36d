//! Native search latency on an index file, for profiling (perf, callgrind):
//! `cargo run --release --example search_latency -- INDEX QUERY... [--repeat N] [--no-hits] [--facets]
//! [--sort newest|oldest] [--recency DAYS] [--collapse]`

use std::time::Instant;

use newsdex::{Index, SearchOptions, Sort};

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
    let mut flag = |name: &str| match args.iter().position(|a| a == name) {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    };
    let facets = flag("--facets");
    let collapse = flag("--collapse");
    let mut value = |name: &str| match args.iter().position(|a| a == name) {
        Some(i) => {
            let value = args[i + 1].clone();
            args.drain(i..i + 2);
            Some(value)
        }
        None => None,
    };
    let sort = value("--sort")
        .map(|name| Sort::from_name(&name).ok_or("--sort: relevance, newest or oldest"))
        .transpose()?
        .unwrap_or_default();
    let recency = value("--recency").map(|days| days.parse()).transpose()?;
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
                        sort,
                        recency,
                        now: None,
                        collapse,
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
