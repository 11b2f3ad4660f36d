//! Formatting results: JSON in the wire shape, or text for people, with matches in bold on a
//! terminal (unless `NO_COLOR` is set) and the index's text with its control characters
//! escaped ([`shown`]). Each function returns the text; `main` prints it.

use std::fmt::Write;
use std::io::IsTerminal;

use newsdex::wire::{wire_names, WireArticle, WireEntity, WireHit, WireResults};
use newsdex::{ArticleView, EntityView, Hit, Mark, SearchResults, Stats, TaggedName};

use crate::shown::shown;

fn json(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| format!("newsdex: {e}"))
}

fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `text` [`shown`], with `marks` in bold yellow when printing to a terminal.
fn marked(text: &str, marks: &[Mark]) -> String {
    if !colour() {
        return shown(text).into_owned();
    }
    let mut out = String::with_capacity(text.len() + marks.len() * 12);
    let mut at = 0;
    for mark in marks {
        out.push_str(&shown(&text[at..mark.start]));
        out.push_str("\x1b[1;33m");
        out.push_str(&shown(&text[mark.clone()]));
        out.push_str("\x1b[0m");
        at = mark.end;
    }
    out.push_str(&shown(&text[at..]));
    out
}

/// The non-empty ones of `fields`, [`shown`], joined by middle dots.
fn details(fields: &[&str]) -> String {
    let parts: Vec<_> = fields
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| shown(s))
        .collect();
    parts.join(" · ")
}

pub fn search(query: &str, results: &SearchResults, as_json: bool) -> Result<String, String> {
    if as_json {
        return json(&WireResults::from(results));
    }
    let mut out = String::new();
    let noun = if results.total == 1 {
        "article matches"
    } else {
        "articles match"
    };
    let about = if results.total_exact { "" } else { "about " };
    _ = writeln!(
        out,
        "{about}{} {noun} {query:?} ({:.2} ms)",
        results.total, results.took_ms
    );
    write_hits(&mut out, &results.hits);
    if let Some(facets) = &results.facets {
        let mut lines = Vec::new();
        // The first five of a facet's entries, `name count` each.
        let top = |entries: &mut dyn Iterator<Item = (&str, u32)>| {
            let parts: Vec<String> = entries
                .take(5)
                .map(|(name, count)| format!("{} {count}", shown(name)))
                .collect();
            parts.join(" · ")
        };
        let names = |counts: &[newsdex::FacetCount]| {
            top(&mut counts.iter().map(|c| (c.name.as_str(), c.count)))
        };
        for (kind, counts) in newsdex::EntityType::ALL.iter().zip(&facets.entities) {
            if !counts.is_empty() {
                lines.push(format!("{kind:<6} {}", names(counts)));
            }
        }
        if !facets.sources.is_empty() {
            lines.push(format!("source {}", names(&facets.sources)));
        }
        for field in facets.fields.iter().filter(|f| !f.values.is_empty()) {
            let values = top(&mut field.values.iter().map(|v| (v.value.as_str(), v.count)));
            lines.push(format!("{} {values}", shown(&field.name)));
        }
        if facets.dates.iter().any(|p| p.period.is_some()) {
            let periods: Vec<String> = facets
                .dates
                .iter()
                .filter(|p| p.count > 0)
                .map(|p| format!("{} {}", p.period.as_deref().unwrap_or("undated"), p.count))
                .collect();
            lines.push(format!("dates  {}", periods.join(" · ")));
        }
        if !lines.is_empty() {
            _ = writeln!(out, "\n{}", lines.join("\n"));
        }
    }
    Ok(out)
}

/// Hits as the search lists them, numbered from 1.
fn write_hits(out: &mut String, hits: &[Hit]) {
    for (rank, hit) in hits.iter().enumerate() {
        _ = writeln!(*out);
        let title = if hit.title.is_empty() {
            hit.id.as_str()
        } else {
            hit.title.as_str()
        };
        _ = writeln!(*out, "{:>3}. {}", rank + 1, marked(title, &hit.title_marks));
        _ = writeln!(
            out,
            "     {}  (score {:.3})",
            details(&[&hit.id, &hit.source, &hit.date]),
            hit.score
        );
        if !hit.snippet.text.is_empty() {
            _ = writeln!(
                out,
                "     {}",
                marked(&hit.snippet.text, &hit.snippet.marks)
            );
        }
        if !hit.entities.is_empty() {
            let names: Vec<String> = hit
                .entities
                .iter()
                .map(|e| format!("{} ({})", shown(&e.name), e.kind))
                .collect();
            _ = writeln!(*out, "     {}", names.join(", "));
        }
        if !hit.duplicates.is_empty() {
            let copies: Vec<_> = hit.duplicates.iter().map(|id| shown(id)).collect();
            _ = writeln!(*out, "     copies: {}", copies.join(" · "));
        }
    }
}

/// An article's related stories.
pub fn related(id: &str, hits: &[Hit], as_json: bool) -> Result<String, String> {
    if as_json {
        return json(&hits.iter().map(WireHit::from).collect::<Vec<_>>());
    }
    let mut out = format!("{} related stories of {}\n", hits.len(), shown(id));
    write_hits(&mut out, hits);
    Ok(out)
}

/// The other copies of an article's story.
pub fn duplicates(id: &str, ids: &[String], as_json: bool) -> Result<String, String> {
    if as_json {
        return json(&ids);
    }
    let mut out = format!("{} copies of {}\n", ids.len(), shown(id));
    for copy in ids {
        _ = writeln!(out, "  {}", shown(copy));
    }
    Ok(out)
}

pub fn names(text: &str, names: &[TaggedName], as_json: bool) -> Result<String, String> {
    if as_json {
        return json(&wire_names(text, names));
    }
    let mut out = String::new();
    for name in names {
        _ = writeln!(
            out,
            "{}\t{}\t{}..{}",
            name.kind,
            shown(&text[name.span.clone()]),
            name.span.start,
            name.span.end
        );
    }
    Ok(out)
}

pub fn entity(entity: &EntityView, as_json: bool) -> Result<String, String> {
    if as_json {
        return json(&WireEntity::from(entity));
    }
    let mut out = String::new();
    _ = writeln!(
        out,
        "{} ({}), {}",
        shown(&entity.name),
        entity.kind,
        shown(&entity.id)
    );
    _ = writeln!(
        out,
        "{} articles, {} mentions",
        entity.articles, entity.mentions
    );
    let aliases: Vec<_> = entity.aliases.iter().map(|alias| shown(alias)).collect();
    _ = writeln!(out, "also: {}", aliases.join(" · "));
    let periods: Vec<String> = entity
        .timeline
        .iter()
        .map(|p| format!("{} {}", p.period.as_deref().unwrap_or("undated"), p.count))
        .collect();
    if !periods.is_empty() {
        _ = writeln!(out, "when: {}", periods.join(" · "));
    }
    let related: Vec<String> = entity
        .related
        .iter()
        .map(|r| format!("{} ({}) {}", shown(&r.entity.name), r.entity.kind, r.count))
        .collect();
    if !related.is_empty() {
        _ = writeln!(out, "with: {}", related.join(" · "));
    }
    Ok(out)
}

pub fn article(view: &ArticleView, as_json: bool) -> Result<String, String> {
    if as_json {
        return json(&WireArticle::from(view));
    }
    let article = &view.article;
    let mut out = String::new();
    _ = writeln!(out, "{}", marked(&article.title, &view.title_marks));
    _ = writeln!(
        out,
        "{}",
        details(&[&article.id, &article.source, &article.date, &article.url])
    );
    if !article.description.is_empty() {
        _ = writeln!(
            out,
            "\n{}",
            marked(&article.description, &view.description_marks)
        );
    }
    _ = writeln!(out, "\n{}", marked(&article.body, &view.marks));
    Ok(out)
}

pub fn stats(stats: &Stats, sections: &[(&str, usize)], as_json: bool) -> Result<String, String> {
    if as_json {
        return json(stats);
    }
    let mut out = String::new();
    _ = writeln!(out, "articles        {}", stats.articles);
    if stats.segments > 1 {
        _ = writeln!(out, "segments        {}", stats.segments);
    }
    _ = writeln!(out, "entities        {}", stats.entities);
    _ = writeln!(out, "sources         {}", stats.sources);
    _ = writeln!(out, "terms           {}", stats.terms);
    _ = writeln!(out, "words           {}", stats.words);
    _ = writeln!(out, "bytes           {}", stats.bytes);
    _ = writeln!(
        out,
        "document store  {}",
        if stats.has_store { "yes" } else { "no" }
    );
    _ = writeln!(out, "format version  {}", stats.format_version);
    _ = writeln!(out);
    // Of every section's bytes: a sharded index's are mostly in its chunks, not in the core
    // that `bytes` counts.
    let total: usize = sections.iter().map(|(_, bytes)| bytes).sum();
    for (name, bytes) in sections {
        _ = writeln!(
            out,
            "{name:<15} {bytes:>10} bytes  {:>5.1}%",
            100.0 * *bytes as f64 / total.max(1) as f64
        );
    }
    Ok(out)
}
