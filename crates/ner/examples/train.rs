//! Trains a model: `train --train FILE (--dev FILE | --held-out PERCENT) -o MODEL
//! [--stage1-epochs N] [--stage2-epochs N] [--folds N] [--title-case-every N] [--seed N]
//! [--orders N] [--report-every-epoch] [--silver FILE [--gold-weight K]]`. Prints progress, the time taken and the
//! scores on the development data: `--dev`'s file, or with `--held-out` the last PERCENT of
//! `--train`'s documents, which are then left out of training (see `split_held_out`). `--silver`
//! adds the documents of a CoNLL file a model tagged (the `silver` example's output) to the
//! training documents, an update on a `--train` sentence counting K times one on a silver one.

use std::time::Instant;

use newsdex_ner::{split_held_out, train_with_silver, Error, TrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut train_path, mut dev_path, mut out, mut held_out) = (None, None, None, None);
    let mut silver_path = None;
    let mut options = TrainOptions::default();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--train" => train_path = Some(value()?),
            "--dev" => dev_path = Some(value()?),
            "-o" => out = Some(value()?),
            "--held-out" => held_out = Some(value()?.parse::<u32>()?),
            "--stage1-epochs" => options.stage1_epochs = value()?.parse()?,
            "--stage2-epochs" => options.stage2_epochs = value()?.parse()?,
            "--folds" => options.folds = value()?.parse()?,
            "--title-case-every" => options.title_case_every = value()?.parse()?,
            "--seed" => options.seed = value()?.parse()?,
            "--orders" => options.orders = value()?.parse()?,
            "--report-every-epoch" => options.report_every_epoch = true,
            "--silver" => silver_path = Some(value()?),
            "--gold-weight" => options.gold_weight = value()?.parse()?,
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let usage = "usage: train --train FILE (--dev FILE | --held-out PERCENT) -o MODEL";
    let (Some(train_path), Some(out)) = (train_path, out) else {
        return Err(usage.into());
    };
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| Error::io(p, &e));
    let whole = read(&train_path)?;
    let (train_text, dev_text, dev_path) = match (held_out, dev_path) {
        (Some(percent), None) => {
            let (train, held) = split_held_out(&whole, percent);
            let name = format!("{train_path} (held-out last {percent}% of documents)");
            (train, held.to_string(), name)
        }
        (None, Some(dev)) => (whole.as_str(), read(&dev)?, dev),
        _ => return Err(usage.into()),
    };
    let silver = match &silver_path {
        Some(p) => read(p)?,
        None => String::new(),
    };
    let start = Instant::now();
    let (model, report) =
        train_with_silver(train_text, &silver, &dev_text, &options, &mut |line| {
            eprintln!("[{:7.1}s] {line}", start.elapsed().as_secs_f64());
        })
        .map_err(|e| match e.file() {
            Some("train") => e.in_file(train_path.as_str()),
            Some("silver") => e.in_file(silver_path.as_deref().unwrap_or("silver")),
            Some("dev") => e.in_file(dev_path.as_str()),
            _ => e,
        })?;
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| Error::io(out.as_str(), &e))?;
    println!(
        "trained in {:.1}s; model {} bytes; features {:?}",
        start.elapsed().as_secs_f64(),
        bytes.len(),
        model.feature_counts()
    );
    print!("{report}");
    Ok(())
}
