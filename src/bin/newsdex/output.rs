//! Printing results: JSON in the wire shape, or text for people, with matches in bold on a
//! terminal (unless `NO_COLOR` is set).

use std::io::IsTerminal;

use newsdex::wire::{WireArticle, WireResults};
use newsdex::{ArticleView, Mark, SearchResults, Stats};

fn json(value: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| format!("newsdex: {e}"))?;
    println!("{text}");
    Ok(())
}

fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `text` with `marks` in bold yellow when printing to a terminal.
fn marked(text: &str, marks: &[Mark]) -> String {
    if !colour() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + marks.len() * 12);
    let mut at = 0;
    for mark in marks {
        out.push_str(&text[at..mark.start]);
        out.push_str("\x1b[1;33m");
        out.push_str(&text[mark.clone()]);
        out.push_str("\x1b[0m");
        at = mark.end;
    }
    out.push_str(&text[at..]);
    out
}

pub fn search(query: &str, results: &SearchResults, as_json: bool) -> Result<(), String> {
    if as_json {
        return json(&WireResults::from(results));
    }
    let noun = if results.total == 1 { "article matches" } else { "articles match" };
    println!("{} {noun} {query:?} ({:.2} ms)", results.total, results.took_ms);
    for (rank, hit) in results.hits.iter().enumerate() {
        println!();
        let title = if hit.title.is_empty() { hit.id.as_str() } else { hit.title.as_str() };
        println!("{:>3}. {}", rank + 1, marked(title, &hit.title_marks));
        let details: Vec<&str> =
            [hit.id.as_str(), hit.source.as_str(), hit.date.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
        println!("     {}  (score {:.3})", details.join(" · "), hit.score);
        if !hit.snippet.text.is_empty() {
            println!("     {}", marked(&hit.snippet.text, &hit.snippet.marks));
        }
    }
    Ok(())
}

pub fn article(article: &ArticleView, as_json: bool) -> Result<(), String> {
    if as_json {
        return json(&WireArticle::from(article));
    }
    println!("{}", marked(&article.title, &article.title_marks));
    let details: Vec<&str> = [article.id.as_str(), article.source.as_str(), article.date.as_str(), article.url.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    println!("{}", details.join(" · "));
    if !article.description.is_empty() {
        println!("\n{}", marked(&article.description, &article.description_marks));
    }
    println!("\n{}", marked(&article.body, &article.marks));
    Ok(())
}

pub fn stats(stats: &Stats, sections: &[(&str, usize)], as_json: bool) -> Result<(), String> {
    if as_json {
        return json(stats);
    }
    println!("articles        {}", stats.articles);
    println!("terms           {}", stats.terms);
    println!("words           {}", stats.words);
    println!("bytes           {}", stats.bytes);
    println!("document store  {}", if stats.has_store { "yes" } else { "no" });
    println!("format version  {}", stats.format_version);
    println!();
    for (name, bytes) in sections {
        println!("{name:<15} {bytes:>10} bytes  {:>5.1}%", 100.0 * *bytes as f64 / stats.bytes as f64);
    }
    Ok(())
}
