//! How much two builds' related stories agree: for every article of the first index with
//! related stories, the share of its first [`DEPTH`] that the second index lists among its
//! first [`DEPTH`] too (overlap@8), the share whose first related story is the same, and the
//! share of lists that are the same. Both indexes are single files with the document store,
//! built from the same articles (a change to how related stories are found, before and after).
//!
//! ```text
//! cargo run --release --example related_overlap -- BEFORE.ndx AFTER.ndx
//! ```

use newsdex::Index;

/// Related stories compared per article: as many as a build keeps.
const DEPTH: usize = 8;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [before, after] = &args[..] else {
        eprintln!("usage: related_overlap BEFORE.ndx AFTER.ndx");
        std::process::exit(2);
    };
    let open = |path: &str| -> Result<Index, Box<dyn std::error::Error>> {
        Ok(Index::from_bytes(std::fs::read(path)?.into_boxed_slice())?)
    };
    let (before, after) = (open(before)?, open(after)?);
    let (mut articles, mut kept, mut listed, mut same_first, mut same_list) = (0, 0, 0, 0, 0);
    for article in before.articles()? {
        let ids = |index: &Index| -> Result<Vec<String>, newsdex::Error> {
            Ok(index
                .related(&article.id, DEPTH)?
                .into_iter()
                .map(|hit| hit.id)
                .collect())
        };
        let (old, new) = (ids(&before)?, ids(&after)?);
        if old.is_empty() {
            continue;
        }
        articles += 1;
        listed += old.len();
        kept += old.iter().filter(|id| new.contains(id)).count();
        same_first += usize::from(old.first() == new.first());
        same_list += usize::from(old == new);
    }
    let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    println!(
        "{articles} articles with related stories: overlap@{DEPTH} {:.3} ({kept} of {listed}), \
         same first {:.3}, same list {:.3}",
        share(kept, listed),
        share(same_first, articles),
        share(same_list, articles)
    );
    Ok(())
}
