//! A segmented index's manifest: the small text file where a sharded index's core was, naming
//! in order each part beside it (`newsdex-segments 1`, then `segment NAME` or `removed NAME`
//! a line). Version 2 adds `copies NAME` lines, each after its segment's line: the copies of
//! that segment's articles among the earlier segments' (see [`crate::copies`]); a manifest
//! without one is written as version 1, which readers before version 2 open. Version 3 adds
//! `related NAME` lines, each after its segment's line (and its copies' line): that segment's
//! related stories over every segment up to it (see [`crate::related`]); a manifest is written
//! as version 3 only when it has one, so that readers before it refuse only those. The one parser,
//! for the CLI and the segments wasm module alike; its errors name the line and column (from
//! 1, in characters) where the text goes wrong.

use crate::error::{ErrorKind, Result};

/// The manifest's first line: what it is and its format's version.
pub const MAGIC: &str = "newsdex-segments 1";
/// The first line of a manifest with `copies` lines.
pub const MAGIC_COPIES: &str = "newsdex-segments 2";
/// The first line of a manifest with `related` lines.
pub const MAGIC_RELATED: &str = "newsdex-segments 3";

/// One part a manifest names, by file name beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A segment's core.
    Segment(String),
    /// A removal: an index of the articles a change removed or replaced.
    Removed(String),
    /// The copies of the segment before it among the earlier segments' articles.
    Copies(String),
    /// The related stories of the segment before it over every segment up to it.
    Related(String),
}

impl Entry {
    /// The part's file name.
    pub fn name(&self) -> &str {
        let (Entry::Segment(name)
        | Entry::Removed(name)
        | Entry::Copies(name)
        | Entry::Related(name)) = self;
        name
    }
}

/// Whether `bytes` are a manifest (or, by their first bytes, meant to be one).
pub fn is_manifest(bytes: &[u8]) -> bool {
    bytes.starts_with(b"newsdex-segments")
}

/// The parts the manifest `bytes` names, in order.
///
/// ```
/// use newsdex::manifest::{parse, Entry};
/// let parts = parse(b"newsdex-segments 1\nsegment a-1.seg\nremoved a-2.del\n")?;
/// assert_eq!(parts, [Entry::Segment("a-1.seg".into()), Entry::Removed("a-2.del".into())]);
/// let error = parse(b"newsdex-segments 1\nsegment ../a.seg\n").unwrap_err();
/// assert_eq!(error.to_string(), "newsdex: line 2, column 9: `../a.seg` is not a file name beside the manifest");
/// // Version 2: a segment's copies follow its line.
/// let parts = parse(b"newsdex-segments 2\nsegment a.seg\nsegment b.seg\ncopies b.cps\n")?;
/// assert_eq!(parts[2], Entry::Copies("b.cps".into()));
/// assert!(parse(b"newsdex-segments 1\nsegment a.seg\ncopies b.cps\n").is_err());
/// let error = parse(b"newsdex-segments 2\nremoved a.del\ncopies b.cps\n").unwrap_err();
/// assert!(error.to_string().contains("line 3, column 1: `copies NAME` follows a segment's line"));
/// // Version 3: a segment's related stories follow its line, or its copies' line.
/// let parts = parse(b"newsdex-segments 3\nsegment a.seg\nsegment b.seg\ncopies b.cps\nrelated b.rel\n")?;
/// assert_eq!(parts[3], Entry::Related("b.rel".into()));
/// assert!(parse(b"newsdex-segments 2\nsegment a.seg\nrelated b.rel\n").is_err());
/// let error = parse(b"newsdex-segments 3\nsegment a.seg\nrelated a.rel\nrelated b.rel\n").unwrap_err();
/// assert!(error.to_string().contains("line 4, column 1: `related NAME` follows a segment's line"));
/// # Ok::<(), newsdex::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Manifest`] (code `NotAnIndex`) naming the line and column.
pub fn parse(bytes: &[u8]) -> Result<Vec<Entry>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let column = valid
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        bad(line, column, "not UTF-8 text".into())
    })?;
    let mut lines = text.lines();
    let version = match lines.next() {
        Some(MAGIC) => 1,
        Some(MAGIC_COPIES) => 2,
        Some(MAGIC_RELATED) => 3,
        Some(other) => {
            let why = format!(
                "`{other}`: this newsdex reads `{MAGIC}`, `{MAGIC_COPIES}` and `{MAGIC_RELATED}` manifests"
            );
            return Err(bad(1, 1, why));
        }
        None => return Err(bad(1, 1, "empty".into())),
    };
    let mut entries: Vec<Entry> = Vec::new();
    for (at, line) in (2..).zip(lines) {
        let (entry, name) = match line.split_once(' ') {
            Some(("segment", name)) => (Entry::Segment(name.to_owned()), name),
            Some(("removed", name)) => (Entry::Removed(name.to_owned()), name),
            Some(("copies", name)) if version >= 2 => {
                if !matches!(entries.last(), Some(Entry::Segment(_))) {
                    let why = "`copies NAME` follows a segment's line".to_owned();
                    return Err(bad(at, 1, why));
                }
                (Entry::Copies(name.to_owned()), name)
            }
            Some(("related", name)) if version >= 3 => {
                let after_segment = matches!(
                    entries.as_slice(),
                    [.., Entry::Segment(_)] | [.., Entry::Segment(_), Entry::Copies(_)]
                );
                if !after_segment {
                    let why = "`related NAME` follows a segment's line (or its copies')".to_owned();
                    return Err(bad(at, 1, why));
                }
                (Entry::Related(name.to_owned()), name)
            }
            _ => {
                let why = match version {
                    1 => format!("`{line}` is not `segment NAME` or `removed NAME`"),
                    2 => {
                        format!("`{line}` is not `segment NAME`, `removed NAME` or `copies NAME`")
                    }
                    _ => format!(
                        "`{line}` is not `segment NAME`, `removed NAME`, `copies NAME` or `related NAME`"
                    ),
                };
                return Err(bad(at, 1, why));
            }
        };
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            let column = line.chars().count() - name.chars().count() + 1;
            let why = format!("`{name}` is not a file name beside the manifest");
            return Err(bad(at, column, why));
        }
        entries.push(entry);
    }
    if !entries.iter().any(|e| matches!(e, Entry::Segment(_))) {
        return Err(bad(1, 1, "no segment".into()));
    }
    Ok(entries)
}

/// The manifest naming `entries`, in order: version 3 when a segment has related stories, 2
/// when one has copies, else 1.
pub fn text(entries: &[Entry]) -> String {
    let has = |related: bool| {
        entries.iter().any(|e| match e {
            Entry::Related(_) => related,
            Entry::Copies(_) => !related,
            _ => false,
        })
    };
    let magic = match (has(true), has(false)) {
        (true, _) => MAGIC_RELATED,
        (false, true) => MAGIC_COPIES,
        (false, false) => MAGIC,
    };
    let mut out = format!("{magic}\n");
    for entry in entries {
        let kind = match entry {
            Entry::Segment(_) => "segment",
            Entry::Removed(_) => "removed",
            Entry::Copies(_) => "copies",
            Entry::Related(_) => "related",
        };
        out += &format!("{kind} {}\n", entry.name());
    }
    out
}

fn bad(line: usize, column: usize, message: String) -> crate::Error {
    ErrorKind::Manifest {
        line,
        column,
        message,
    }
    .into()
}
