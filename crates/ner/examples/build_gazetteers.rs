//! Turns the plain name lists written by `gazetteers/extract.py` into the fst sets the tagger
//! embeds. Usage: `build_gazetteers LISTS_DIR OUT_DIR` (run by `gazetteers/build.sh`).

use std::collections::BTreeSet;
use std::error::Error;
use std::fs;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, lists, out] = args.as_slice() else {
        return Err("usage: build_gazetteers LISTS_DIR OUT_DIR".into());
    };
    for name in newsdex_ner::gazetteer_names() {
        let text = fs::read_to_string(Path::new(lists).join(format!("{name}.txt")))?;
        let entries: BTreeSet<String> =
            text.lines().map(newsdex_ner::normalize_entry).filter(|e| !e.is_empty()).collect();
        let set = fst::Set::from_iter(&entries)?;
        let bytes = set.as_fst().as_bytes();
        fs::write(Path::new(out).join(format!("{name}.fst")), bytes)?;
        println!("{name}: {} entries, {} bytes", entries.len(), bytes.len());
    }
    Ok(())
}
