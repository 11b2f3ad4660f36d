//! Word clusters learnt from unlabelled news (`examples/build_clusters.rs`): words that occur
//! in the same contexts share a cluster, so the tagger generalises from the names it was trained
//! on to others it has only seen in plain text. Three levels, fine to coarse. Words are stored as
//! 32-bit hashes of their lower case, never as text.

use std::sync::OnceLock;

use crate::prehashed::PrehashedMap;

static BYTES: &[u8] = include_bytes!("../model/clusters.bin");
const LABEL: &[u8] = b"newsdex-clusters\n";

/// The clusters of one word at each level, fine to coarse.
pub(crate) type Levels = [u16; 3];

struct Table {
    fine: PrehashedMap<u32, u16>,
    mid: Vec<u8>,
    coarse: Vec<u8>,
}

fn parse(bytes: &[u8]) -> Option<Table> {
    let rest = bytes.strip_prefix(LABEL)?;
    let n = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let entries = rest.get(4..4 + 6 * n)?;
    let mut fine = PrehashedMap::default();
    for e in entries.chunks_exact(6) {
        fine.insert(
            u32::from_le_bytes(e[..4].try_into().ok()?),
            u16::from_le_bytes(e[4..].try_into().ok()?),
        );
    }
    let levels = &rest[4 + 6 * n..];
    let fine_count = fine.values().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mid = levels.get(..fine_count)?.to_vec();
    let coarse = levels.get(fine_count..)?.to_vec();
    (mid.iter().all(|&m| (m as usize) < coarse.len())).then_some(Table { fine, mid, coarse })
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse(BYTES).expect("the embedded cluster file is valid (checked by tests)")
    })
}

/// The clusters of the word whose lower case hashes (xxh3) to `lower`, if it has any.
pub(crate) fn of(lower: u64) -> Option<Levels> {
    let t = table();
    let fine = *t.fine.get(&(lower as u32))?;
    let mid = t.mid[fine as usize];
    Some([fine, mid as u16, t.coarse[mid as usize] as u16])
}

#[cfg(test)]
mod tests {
    use xxhash_rust::xxh3::xxh3_64;

    #[test]
    fn embedded_clusters_load_and_group_names() {
        let c = |w: &str| super::of(xxh3_64(w.as_bytes()));
        assert_eq!(c("john").unwrap()[0], c("david").unwrap()[0]);
        assert!(c("qqqzzzx").is_none());
    }
}
