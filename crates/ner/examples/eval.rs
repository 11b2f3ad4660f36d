//! Scores a model on CoNLL data and measures tagging speed:
//! `eval [--model FILE] [--held-out PERCENT] CONLL_FILE [--runs N]`. Without `--model`, the
//! embedded model is used; with `--held-out`, only the last PERCENT of the file's documents are
//! scored and timed (the part `train --held-out PERCENT` leaves out).

use std::time::Instant;

use newsdex_ner::{evaluate, split_held_out, Error, Model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut model_path, mut data, mut runs, mut held_out) = (None, None, 5usize, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model_path = Some(args.next().ok_or("--model needs a file")?),
            "--runs" => runs = args.next().ok_or("--runs needs a number")?.parse()?,
            "--held-out" => {
                held_out = Some(
                    args.next()
                        .ok_or("--held-out needs a percentage")?
                        .parse()?,
                )
            }
            _ => data = Some(a),
        }
    }
    let data =
        data.ok_or("usage: eval [--model FILE] [--held-out PERCENT] CONLL_FILE [--runs N]")?;
    let owned;
    let model = match &model_path {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p.as_str(), &e))?;
            owned = Model::from_bytes(&bytes).map_err(|e| e.in_file(p.as_str()))?;
            &owned
        }
        None => Model::embedded(),
    };
    let whole = std::fs::read_to_string(&data).map_err(|e| Error::io(data.as_str(), &e))?;
    let text = match held_out {
        Some(percent) => split_held_out(&whole, percent).1,
        None => whole.as_str(),
    };
    let report = evaluate(model, text).map_err(|e| e.in_file(data.as_str()))?;
    print!("{report}");

    // Speed on raw text: the words of each document joined by spaces, one line per sentence.
    let docs: Vec<String> = text
        .split("-DOCSTART-")
        .map(|d| {
            d.split("\n\n")
                .map(|s| {
                    s.lines()
                        .filter_map(|l| l.split(' ').next())
                        .filter(|w| *w != "-X-")
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    let mut tokens = 0;
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        tokens = 0;
        let mut found = 0;
        for d in &docs {
            let mut toks = Vec::new();
            newsdex_ner::tokenize(d, &mut toks);
            tokens += toks.len();
            found += model.tag(d).len();
        }
        std::hint::black_box(found);
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "throughput: {:.0} tokens/s (median of {runs} runs over {tokens} tokens)",
        tokens as f64 / median
    );
    Ok(())
}
