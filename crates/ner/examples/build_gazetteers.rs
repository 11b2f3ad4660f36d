//! Turns the plain name lists written by `gazetteers/extract.py` into the fst map the tagger
//! embeds: each normalised entry maps to the bit set of the lists it is on.
//! Usage: `build_gazetteers LISTS_DIR OUT_DIR` (run by `gazetteers/build.sh`).

use std::collections::BTreeMap;
use std::error::Error;
use std::fs;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, lists, out] = args.as_slice() else {
        return Err("usage: build_gazetteers LISTS_DIR OUT_DIR".into());
    };
    let mut entries: BTreeMap<String, u64> = BTreeMap::new();
    for (bit, name) in newsdex_ner::gazetteer_names().iter().enumerate() {
        let text = fs::read_to_string(Path::new(lists).join(format!("{name}.txt")))?;
        let before = entries.len();
        let mut count = 0;
        for entry in text
            .lines()
            .map(newsdex_ner::normalize_entry)
            .filter(|e| !e.is_empty())
        {
            let lists = entries.entry(entry).or_default();
            if *lists & (1 << bit) == 0 {
                count += 1;
            }
            *lists |= 1 << bit;
        }
        println!("{name}: {count} entries ({} new)", entries.len() - before);
    }
    let map = fst::Map::from_iter(entries)?;
    let bytes = map.as_fst().as_bytes();
    fs::write(Path::new(out).join("names.fst"), bytes)?;
    println!("names.fst: {} entries, {} bytes", map.len(), bytes.len());
    Ok(())
}
