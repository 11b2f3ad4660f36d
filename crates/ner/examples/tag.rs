//! Tags text from standard input (one document) and prints each name with its type:
//! `tag [--model FILE] [--headline]`. With `--headline`, the first line is read as a title.

use std::error::Error;
use std::io::Read;

use newsdex_ner::{Model, SectionKind};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let owned;
    let model = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let path = args.get(i + 1).ok_or("--model needs a file")?;
            owned = Model::from_bytes(&std::fs::read(path)?)?;
            &owned
        }
        None => Model::embedded(),
    };
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let (title, body) = match args.iter().any(|a| a == "--headline") {
        true => text.split_once('\n').unwrap_or((text.as_str(), "")),
        false => ("", text.as_str()),
    };
    let sections = [(SectionKind::Headline, title), (SectionKind::Text, body)];
    for ((_, section), mentions) in sections.iter().zip(model.tag_sections(&sections)) {
        for m in mentions {
            println!(
                "{}\t{}\t{}..{}",
                m.kind,
                &section[m.start..m.end],
                m.start,
                m.end
            );
        }
    }
    Ok(())
}
