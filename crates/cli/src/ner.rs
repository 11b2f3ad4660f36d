//! `newsdex entities`, `train-ner` and `eval-ner`: reading their inputs and reporting.

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use newsdex_ner::{Model, TrainOptions};

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))
}

/// The text of `file`, or of standard input for `None` or `-`.
pub fn read_text(file: Option<&Path>) -> Result<String, String> {
    match file.filter(|f| f.as_os_str() != "-") {
        Some(path) => read(path),
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("newsdex: standard input: {e}"))?;
            Ok(text)
        }
    }
}

/// Trains a model, writes it, and returns the development scores.
pub fn train(train: &Path, dev: &Path, output: &Path) -> Result<String, String> {
    let started = Instant::now();
    let (train_text, dev_text) = (read(train)?, read(dev)?);
    let mut progress = |line: &str| eprintln!("newsdex: {line}");
    let (model, report) = newsdex_ner::train(
        &train_text,
        &dev_text,
        &TrainOptions::default(),
        &mut progress,
    )
    .map_err(|e| {
        // The trainer names its inputs "train" and "dev"; say which file that is.
        let path = match e.file() {
            Some("train") => Some(train),
            Some("dev") => Some(dev),
            _ => None,
        };
        match path {
            Some(path) => e.in_file(path.display().to_string()).to_string(),
            None => e.to_string(),
        }
    })?;
    let bytes = model.to_bytes();
    std::fs::write(output, &bytes).map_err(|e| format!("newsdex: {}: {e}", output.display()))?;
    eprintln!(
        "newsdex: wrote {} ({} bytes) in {:.0} s",
        output.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(format!("{report}\n"))
}

/// Scores a model (the built-in one by default) on CoNLL data.
pub fn evaluate(dev: &Path, model: Option<&Path>) -> Result<String, String> {
    let owned;
    let model = match model {
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
            owned = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
            &owned
        }
        None => Model::embedded(),
    };
    let report = newsdex_ner::evaluate(model, &read(dev)?)
        .map_err(|e| e.in_file(dev.display().to_string()).to_string())?;
    Ok(format!("{report}\n"))
}
