//! Walking the inputs of a build: a site folder (its pages and feeds at any depth, a news
//! sitemap at its root, JSON Lines beside them), single pages, feeds, JSON Lines and seed text.
//! Every file read is an article, several, or a reason it is not one; nothing is dropped
//! unsaid.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use newsdex_format::Error as FormatError;
use newsdex_index::corpus::JsonLines;
use newsdex_index::{Article, CorpusReader, Origin};
use serde_json::Value;

use crate::decode::{decode_page, decode_with, xml_encoding};
use crate::error::{ErrorKind, Result};
use crate::feed::{atom_items, is_json_feed, json_feed_items, rss_items, xml_kind, Item, XmlKind};
use crate::sitemap::{address_key, NewsSitemap};
use crate::{xml, Page};

/// A file that was read but gave no article, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file (with the item, for a feed's item).
    pub file: String,
    /// Why it gave no article.
    pub reason: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Page,
    Feed,
    JsonLines,
    SeedText,
}

fn kind(path: &Path) -> Option<Kind> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "html" | "htm" | "xhtml" => Kind::Page,
        "xml" | "rss" | "atom" | "json" => Kind::Feed,
        "jsonl" => Kind::JsonLines,
        "txt" => Kind::SeedText,
        _ => return None,
    })
}

/// What one input path stands for.
struct Plan {
    /// The folder that page ids and addresses are relative to.
    root: Option<PathBuf>,
    /// News sitemaps at the root of a site folder.
    sitemaps: Vec<PathBuf>,
    /// The files to read, pages first, then feeds, JSON Lines and seed text, each sorted.
    files: Vec<(Kind, PathBuf)>,
    /// Whether the files were found by walking a folder (where a file that is not a feed is
    /// passed over) rather than named.
    walked: bool,
}

/// Told the number of input bytes read so far.
type Progress = Box<dyn FnMut(u64)>;

/// Reads a build's inputs into articles (see the crate's documentation), with the corpus
/// reader's rules: duplicate ids are refused, articles without text left out with a warning.
#[derive(Default)]
pub struct SiteReader {
    corpus: CorpusReader,
    facets: Vec<String>,
    skipped: Vec<Skipped>,
    warnings: Vec<String>,
    notes: Vec<String>,
    pages: usize,
    items: usize,
    /// The address keys of the pages read, so that a feed's copy of a page is not a second
    /// article.
    page_keys: HashMap<String, String>,
    /// Feed item ids seen, and the feed they were in.
    item_ids: HashMap<String, String>,
    /// Shared with the corpus reader's progress, which counts JSON Lines and seed text.
    progress: Rc<RefCell<Option<Progress>>>,
    /// Bytes of the files read here, and the corpus reader's count for JSON Lines and seed text.
    done: Rc<Cell<(u64, u64)>>,
}

impl SiteReader {
    /// A reader that has read nothing.
    pub fn new() -> SiteReader {
        SiteReader::default()
    }

    /// Keeps the values of these facet fields (see [`Page::into_article`] and the corpus
    /// reader's `set_facets`).
    pub fn set_facets(&mut self, facets: &[String]) {
        self.facets = facets.to_vec();
        self.corpus.set_facets(facets);
    }

    /// Calls `progress` with the number of input bytes read so far.
    pub fn set_progress(&mut self, progress: Box<dyn FnMut(u64)>) {
        *self.progress.borrow_mut() = Some(progress);
        let (shared, done) = (Rc::clone(&self.progress), Rc::clone(&self.done));
        self.corpus.set_progress(Box::new(move |corpus| {
            let (mine, _) = done.get();
            done.set((mine, corpus));
            if let Some(progress) = shared.borrow_mut().as_mut() {
                progress(mine + corpus);
            }
        }));
    }

    /// Every file an input path stands for: a folder's pages and feeds at any depth (not in
    /// hidden folders), its JSON Lines at the top, its seed `.txt` articles at the top when it
    /// has no pages, in a fixed order; or the path itself when it is such a file.
    ///
    /// # Errors
    /// An unreadable folder, a path that does not exist, or a file of another kind.
    pub fn input_files(path: &Path) -> Result<Vec<PathBuf>> {
        let plan = plan(path)?;
        Ok(plan
            .sitemaps
            .into_iter()
            .chain(plan.files.into_iter().map(|(_, f)| f))
            .collect())
    }

    /// Reads every file of `path`, passing each article to `sink`.
    ///
    /// # Errors
    /// A feed that is not XML, a JSON file that is neither JSON Lines nor a feed, a feed's bytes
    /// that are not text, malformed JSON Lines, a duplicate id, or what `sink` returns.
    pub fn read_path(
        &mut self,
        path: &Path,
        sink: &mut dyn FnMut(Article) -> newsdex_index::Result<()>,
    ) -> Result<()> {
        let plan = plan(path)?;
        let mut sitemap = NewsSitemap::default();
        for file in &plan.sitemaps {
            let name = file.display().to_string();
            let bytes = read(file)?;
            let root = xml::parse(&name, &feed_text(&name, &bytes)?)?;
            if matches!(xml_kind(&root), XmlKind::Sitemap) {
                sitemap.add(&root);
            }
            self.advance(bytes.len());
        }
        for (kind, file) in &plan.files {
            let name = file.display().to_string();
            match kind {
                Kind::Page => {
                    let bytes = read(file)?;
                    self.read_page(&name, file, &bytes, plan.root.as_deref(), &sitemap, sink)?;
                    self.advance(bytes.len());
                }
                Kind::Feed => {
                    let bytes = read(file)?;
                    self.read_feed(&name, &bytes, plan.walked, sink)?;
                    self.advance(bytes.len());
                }
                Kind::JsonLines | Kind::SeedText => self.corpus.read_path(file, sink)?,
            }
        }
        Ok(())
    }

    fn advance(&mut self, bytes: usize) {
        let (mine, corpus) = self.done.get();
        let mine = mine + bytes as u64;
        self.done.set((mine, corpus));
        if let Some(progress) = self.progress.borrow_mut().as_mut() {
            progress(mine + corpus);
        }
    }

    fn read_page(
        &mut self,
        name: &str,
        file: &Path,
        bytes: &[u8],
        root: Option<&Path>,
        sitemap: &NewsSitemap,
        sink: &mut dyn FnMut(Article) -> newsdex_index::Result<()>,
    ) -> Result<()> {
        let decoded = decode_page(bytes);
        if let Some(offset) = decoded.bad_byte {
            self.warnings.push(format!(
                "newsdex: warning: {name}: bytes that are not {} at byte offset {offset}; read as U+FFFD",
                decoded.encoding.name()
            ));
        }
        let mut page = match crate::html::extract(&decoded.text) {
            Ok(page) => page,
            Err(reason) => {
                self.skipped.push(Skipped {
                    file: name.to_owned(),
                    reason,
                });
                return Ok(());
            }
        };
        // A page's id and fallback address: its path in the site, as the site serves it.
        let relative = match root {
            Some(root) => file
                .strip_prefix(root)
                .unwrap_or(file)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            None => file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let key = address_key(&relative);
        let url = page.url.clone();
        if !url.is_empty() {
            sitemap.fill(&mut page, &url);
        }
        sitemap.fill(&mut page, &relative);
        if page.url.is_empty() && root.is_some() {
            page.url = served_address(&relative);
        }
        if let Some(first) = self
            .page_keys
            .get(&address_key(&page.url))
            .filter(|_| !page.url.is_empty())
        {
            self.skipped.push(Skipped {
                file: name.to_owned(),
                reason: format!("the article of page {first}, at the same address"),
            });
            return Ok(());
        }
        let id = if key.is_empty() {
            "index".to_owned()
        } else {
            key.clone()
        };
        self.page_keys.insert(key, name.to_owned());
        if !page.url.is_empty() {
            self.page_keys
                .insert(address_key(&page.url), name.to_owned());
        }
        self.take_notes(name, &mut page);
        self.pages += 1;
        let at = Origin {
            file: name.to_owned(),
            line: None,
        };
        self.corpus
            .accept(page.into_article(id, &self.facets), at, sink)?;
        Ok(())
    }

    fn read_feed(
        &mut self,
        name: &str,
        bytes: &[u8],
        walked: bool,
        sink: &mut dyn FnMut(Article) -> newsdex_index::Result<()>,
    ) -> Result<()> {
        let not_a_feed = |this: &mut SiteReader, found: String| -> Result<()> {
            if walked {
                this.skipped.push(Skipped {
                    file: name.to_owned(),
                    reason: format!("not a feed: {found}"),
                });
                Ok(())
            } else {
                Err(ErrorKind::NotAFeed {
                    file: name.to_owned(),
                    found,
                }
                .into())
            }
        };
        let is_json = Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let items =
            if is_json {
                let text = feed_text(name, bytes)?;
                let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
                match serde_json::from_str::<Value>(text) {
                    Ok(value) if is_json_feed(&value) => json_feed_items(&value),
                    Ok(Value::Object(object))
                        if object.contains_key("id") && object.contains_key("body") =>
                    {
                        return self.read_json_lines(name, bytes, sink);
                    }
                    Ok(value) => {
                        let found = match value {
                            Value::Object(_) => "a JSON object that is not a feed or an article",
                            Value::Array(_) => "a JSON array",
                            _ => "a JSON value that is not an object",
                        };
                        return not_a_feed(self, found.to_owned());
                    }
                    // A second value on a later line: JSON Lines, whose reader names the faults.
                    Err(e) if e.to_string().starts_with("trailing characters") && e.line() > 1 => {
                        return self.read_json_lines(name, bytes, sink);
                    }
                    Err(e) => {
                        return Err(ErrorKind::InvalidJson {
                            file: name.to_owned(),
                            line: e.line(),
                            column: e.column(),
                            message: strip_position(&e.to_string()),
                        }
                        .into())
                    }
                }
            } else {
                let root = xml::parse(name, &feed_text(name, bytes)?)?;
                match xml_kind(&root) {
                    XmlKind::Rss => rss_items(&root),
                    XmlKind::Atom => atom_items(&root),
                    XmlKind::Sitemap => return not_a_feed(
                        self,
                        "a sitemap (give the site's folder, whose root sitemap dates its pages)"
                            .to_owned(),
                    ),
                    XmlKind::Other(found) => return not_a_feed(self, found),
                }
            };
        for (i, Item { id, mut page }) in items.into_iter().enumerate() {
            let item = format!("{name} item {}", i + 1);
            if let Some(page_file) = self
                .page_keys
                .get(&address_key(&page.url))
                .filter(|_| !page.url.is_empty())
            {
                self.skipped.push(Skipped {
                    file: item,
                    reason: format!("the article of page {page_file}"),
                });
                continue;
            }
            let id = if id.is_empty() {
                format!("{name}#{}", i + 1)
            } else {
                id
            };
            if let Some(feed) = self.item_ids.get(&id) {
                self.skipped.push(Skipped {
                    file: item,
                    reason: format!("item {id:?} again (first read in {feed})"),
                });
                continue;
            }
            self.item_ids.insert(id.clone(), name.to_owned());
            self.take_notes(&item, &mut page);
            self.items += 1;
            let at = Origin {
                file: item,
                line: None,
            };
            self.corpus
                .accept(page.into_article(id, &self.facets), at, sink)?;
        }
        Ok(())
    }

    fn read_json_lines(
        &mut self,
        name: &str,
        bytes: &[u8],
        sink: &mut dyn FnMut(Article) -> newsdex_index::Result<()>,
    ) -> Result<()> {
        let facets = self.facets.clone();
        for item in JsonLines::new(name, bytes)?.with_facets(&facets) {
            let (article, at) = item?;
            self.corpus.accept(article, at, sink)?;
        }
        Ok(())
    }

    fn take_notes(&mut self, at: &str, page: &mut Page) {
        for note in page.notes.drain(..) {
            self.notes.push(format!("{at}: {note}"));
        }
    }

    /// The files (and feed items) read that gave no article, and why.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Articles left out for having no text (the corpus reader's), and pages whose bytes
    /// were not all text in their encoding.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings
            .iter()
            .cloned()
            .chain(self.corpus.warnings().iter().map(ToString::to_string))
            .collect()
    }

    /// What pages held that was not used (a date that is not one, JSON-LD that is not JSON).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// How many articles came from pages and from feed items.
    pub fn counts(&self) -> (usize, usize) {
        (self.pages, self.items)
    }
}

fn read(file: &Path) -> Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| FormatError::io(file.display().to_string(), e).into())
}

/// A feed's or JSON file's text: bytes that are not text are an error here (unlike a page's,
/// which a browser shows with U+FFFD), with the byte offset.
fn feed_text(name: &str, bytes: &[u8]) -> Result<String> {
    let decoded = decode_with(xml_encoding(bytes), bytes);
    match decoded.bad_byte {
        Some(byte_offset) => Err(ErrorKind::Undecodable {
            file: name.to_owned(),
            byte_offset,
            encoding: decoded.encoding.name(),
        }
        .into()),
        None => Ok(decoded.text),
    }
}

/// serde_json's message without its " at line L column C", which the error says first.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The address a static server gives a page at this path of the site.
fn served_address(relative: &str) -> String {
    let path = relative
        .strip_suffix("index.html")
        .or_else(|| relative.strip_suffix("index.htm"))
        .unwrap_or(relative);
    format!("/{path}")
}

fn plan(path: &Path) -> Result<Plan> {
    let io = |e: std::io::Error| crate::Error::from(FormatError::io(path.display().to_string(), e));
    if !path.is_dir() {
        if !path.exists() {
            return Err(
                FormatError::io(path.display().to_string(), "no such file or directory").into(),
            );
        }
        let Some(kind) = kind(path) else {
            return Err(ErrorKind::UnsupportedInput {
                path: path.display().to_string(),
            }
            .into());
        };
        return Ok(Plan {
            root: None,
            sitemaps: Vec::new(),
            files: vec![(kind, path.to_owned())],
            walked: false,
        });
    }
    let mut files = Vec::new();
    let mut sitemaps = Vec::new();
    let mut folders = vec![path.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(io)? {
            let entry = entry.map_err(io)?;
            let file = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let file_type = entry.file_type().map_err(io)?;
            let file_type = if file_type.is_symlink() {
                std::fs::metadata(&file).map_err(io)?.file_type()
            } else {
                file_type
            };
            if file_type.is_dir() {
                if !hidden {
                    folders.push(file);
                }
                continue;
            }
            let at_top = folder == path;
            let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
            match kind(&file) {
                Some(Kind::Feed)
                    if at_top && name.contains("sitemap") && name.ends_with(".xml") =>
                {
                    sitemaps.push(file);
                }
                Some(Kind::JsonLines | Kind::SeedText) if !at_top => {}
                Some(kind) => files.push((kind, file)),
                None => {}
            }
        }
    }
    let site = files.iter().any(|(kind, _)| *kind == Kind::Page);
    if site {
        // A site's robots.txt and other text files are not articles.
        files.retain(|(kind, _)| *kind != Kind::SeedText);
    }
    // Shallower pages first, so that a page is read before its copies below it (an AMP
    // version at `story/amp/`), which name it as their canonical address.
    // JSON Lines and seed text in one sorted order, as the corpus reader reads a folder.
    let group = |kind: &Kind| match kind {
        Kind::Page => 0,
        Kind::Feed => 1,
        Kind::JsonLines | Kind::SeedText => 2,
    };
    files.sort_by(|(a_kind, a), (b_kind, b)| {
        (group(a_kind), a.components().count(), a).cmp(&(group(b_kind), b.components().count(), b))
    });
    sitemaps.sort();
    Ok(Plan {
        root: Some(path.to_owned()),
        sitemaps,
        files,
        walked: true,
    })
}
