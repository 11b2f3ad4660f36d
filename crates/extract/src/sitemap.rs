//! A news sitemap (`<urlset>` with `news:` tags): each page's publication date, title,
//! publication name and language, for pages that do not say them.

use std::collections::HashMap;

use crate::date::normalise_date;
use crate::text::plain;
use crate::xml::Element;
use crate::Page;

/// What a news sitemap says of its pages, by the path of their address.
#[derive(Default)]
pub(crate) struct NewsSitemap {
    pages: HashMap<String, Entry>,
}

#[derive(Default, Clone)]
struct Entry {
    title: String,
    date: String,
    source: String,
    lang: String,
}

impl NewsSitemap {
    /// Adds the news entries of a parsed `<urlset>`; returns how many it had.
    pub fn add(&mut self, root: &Element) -> usize {
        let mut added = 0;
        for url in root.all("url") {
            let Some(news) = url.child("news") else {
                continue;
            };
            let publication = news.child("publication");
            let entry = Entry {
                title: plain(news.text_of("title")),
                date: normalise_date(news.text_of("publication_date")).unwrap_or_default(),
                source: publication
                    .map(|p| plain(p.text_of("name")))
                    .unwrap_or_default(),
                lang: publication
                    .map(|p| p.text_of("language").to_owned())
                    .unwrap_or_default(),
            };
            self.pages.insert(address_key(url.text_of("loc")), entry);
            added += 1;
        }
        added
    }

    /// Fills what `page`, at `address` (its URL or its path in the site), does not say.
    pub fn fill(&self, page: &mut Page, address: &str) {
        let Some(entry) = self.pages.get(&address_key(address)) else {
            return;
        };
        for (field, value) in [
            (&mut page.title, &entry.title),
            (&mut page.date, &entry.date),
            (&mut page.source, &entry.source),
            (&mut page.lang, &entry.lang),
        ] {
            if field.is_empty() {
                field.clone_from(value);
            }
        }
    }
}

/// The key of an address: its path without scheme, host, query, `index.html` or `.html`, so
/// that `https://ex.org/a/b/`, `/a/b/index.html` and `a/b.html` meet.
pub(crate) fn address_key(address: &str) -> String {
    let address = address.trim();
    let path = match address.find("://") {
        Some(i) => address[i + 3..]
            .find('/')
            .map_or("", |p| &address[i + 3 + p..]),
        None => address,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let path = path
        .strip_suffix("index.html")
        .or_else(|| path.strip_suffix("index.htm"))
        .unwrap_or(path);
    let path = path
        .strip_suffix(".html")
        .or_else(|| path.strip_suffix(".htm"))
        .unwrap_or(path);
    path.trim_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn addresses_of_one_page_meet() {
        for address in [
            "https://ex.org/a/b/",
            "/a/b/index.html",
            "a/b.html",
            "http://ex.org/a/b?x=1",
        ] {
            assert_eq!(address_key(address), "a/b", "{address}");
        }
        assert_eq!(address_key("https://ex.org/"), "");
    }
}
