//! Slugs: the ASCII words a title or a name becomes in a file name, a URL or a branch name
//! (`Café & Crème: l'été` → `cafe-creme-l-ete`). One rule for every such name Postdesk makes
//! or suggests: new posts' file names, the file-name check's suggestion, `post/<slug>` branches
//! and imported images' names.
//!
//! Not to be confused with [`crate::render::slug`], the heading ids each site generator gives
//! (those follow the generator's own rules, accents and all).

/// Lowercase ASCII letters and digits in words joined by single `-`: accents and ligatures
/// transliterated (`Ærøskøbing` → `aeroskobing`, `東京` → `dong-jing`), everything else
/// (spaces, punctuation, apostrophes, `_`, symbols) a word break; no `-` at either end. Empty
/// when `text` has no letters or digits.
///
/// With `max_len`, the slug stops before the word that would make it longer, so it is cut at
/// a word boundary (a single first word longer than that is cut short).
pub fn slugify(text: &str, max_len: Option<usize>) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let max = max_len.unwrap_or(usize::MAX);
    let mut out = String::with_capacity(ascii.len().min(max));
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            if out.len() + 1 + word.len() > max {
                break;
            }
            out.push('-');
        }
        out.push_str(word);
    }
    // Only ASCII is left, so any byte is a char boundary.
    out.truncate(max);
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn titles_become_ascii_words() {
        assert_eq!(slugify("Café & Crème: l'été", None), "cafe-creme-l-ete");
        // Apostrophes (straight or curly) break words, as in Zola and Jekyll: `l-ete`.
        assert_eq!(slugify("L’éléphant bleu", None), "l-elephant-bleu");
        assert_eq!(slugify("Don't panic", None), "don-t-panic");
        assert_eq!(slugify("Ærøskøbing & Straße", None), "aeroskobing-strasse");
        assert_eq!(slugify("  __a__b  ", None), "a-b");
        assert_eq!(slugify("東京", None), "dong-jing");
        assert_eq!(slugify("!!!", None), "");
        assert_eq!(slugify("", None), "");
    }

    #[test]
    fn a_maximum_length_cuts_at_a_word_boundary() {
        let long = "word ".repeat(40);
        assert_eq!(slugify(&long, None).len(), 40 * 5 - 1);
        let cut = slugify(&long, Some(60));
        assert_eq!(cut.len(), 59);
        assert!(cut.ends_with("word"));
        assert_eq!(slugify("abcdef ghi", Some(6)), "abcdef");
        assert_eq!(slugify("abcdef ghi", Some(4)), "abcd");
        assert_eq!(slugify("ab cd", Some(5)), "ab-cd");
        assert_eq!(slugify("ab cd", Some(4)), "ab");
    }
}
