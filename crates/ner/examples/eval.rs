//! Scores a model on CoNLL data: `eval [--model FILE] [--held-out PERCENT] [--corpus-votes]
//! CONLL_FILE`. With `--corpus-votes`, the documents scored are one corpus whose names vote on
//! their types across documents, as in an index build.
//! Without `--model`, the embedded model is used; with `--held-out`, only the last PERCENT of
//! the file's documents are scored (the part `train --held-out PERCENT` leaves out). The
//! `speed` example measures tagging speed.

use newsdex_ner::{evaluate, evaluate_in_corpus, split_held_out, Error, Model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut model_path, mut data, mut held_out, mut votes) = (None, None, None, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model_path = Some(args.next().ok_or("--model needs a file")?),
            "--held-out" => {
                held_out = Some(
                    args.next()
                        .ok_or("--held-out needs a percentage")?
                        .parse()?,
                )
            }
            "--corpus-votes" => votes = true,
            _ => data = Some(a),
        }
    }
    let data =
        data.ok_or("usage: eval [--model FILE] [--held-out PERCENT] [--corpus-votes] CONLL_FILE")?;
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
    let report = if votes {
        evaluate_in_corpus(model, text)
    } else {
        evaluate(model, text)
    }
    .map_err(|e| e.in_file(data.as_str()))?;
    print!("{report}");
    Ok(())
}
