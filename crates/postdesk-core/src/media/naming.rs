//! File names of imported images: the original name slugified, or the alt text when the
//! original name says nothing (`IMG_0877.jpg`, `DSC01234.JPG`, `Screenshot 2024-…`, a paste).

/// Words that camera, phone and screenshot names are made of.
const MEANINGLESS: &[&str] = &[
    "img",
    "image",
    "images",
    "photo",
    "photos",
    "pic",
    "picture",
    "dsc",
    "dscn",
    "dscf",
    "dcim",
    "pxl",
    "mvimg",
    "gopr",
    "dji",
    "sam",
    "vid",
    "screenshot",
    "screen",
    "shot",
    "capture",
    "d",
    "ecran",
    "de",
    "bildschirmfoto",
    "cleanshot",
    "snip",
    "snapshot",
    "pasted",
    "clipboard",
    "untitled",
    "unnamed",
    "whatsapp",
    "signal",
    "telegram",
    "at",
    "am",
    "pm",
    "um",
    "a",
    "copy",
    "edited",
    "scaled",
    "final",
    "file",
    "download",
    "downloaded",
    "jpg",
    "jpeg",
    "png",
    "heic",
    "e",
    "p",
    "i",
    "x",
    "from",
];

/// The longest stem an image gets: alt text can be a whole sentence.
const MAX_STEM_LEN: usize = 60;

/// A name or alt text as a file stem: [`crate::slug::slugify`], at most 60 characters, cut at
/// a word boundary.
fn slugify(s: &str) -> String {
    crate::slug::slugify(s, Some(MAX_STEM_LEN))
}

/// True when a slug carries no meaning: only camera prefixes, numbers, dates and words of
/// screenshot names.
pub fn is_meaningless(slug: &str) -> bool {
    slug.split('-').all(|w| {
        w.is_empty()
            || w.chars().all(|c| c.is_ascii_digit())
            || MEANINGLESS.contains(&w)
            || prefix_and_digits(w)
            || (w.len() <= 2 && w.chars().any(|c| c.is_ascii_digit()))
    })
}

fn prefix_and_digits(w: &str) -> bool {
    let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
    letters.len() < w.len() && MEANINGLESS.contains(&letters)
}

/// The stem (no extension) of the file to write.
pub fn file_stem(original_name: &str, alt: Option<&str>, pasted: bool) -> String {
    let stem = original_name
        .rsplit_once('.')
        .map_or(original_name, |(s, _)| s);
    let from_name = slugify(stem);
    let from_alt = alt.map(slugify).unwrap_or_default();
    let name_is_meaningful = !from_name.is_empty() && !is_meaningless(&from_name);
    // A paste's name (`image.png`) gives way to alt text even when it looks like a word.
    if name_is_meaningful && (!pasted || from_alt.is_empty()) {
        return from_name;
    }
    if !from_alt.is_empty() {
        return from_alt;
    }
    if !from_name.is_empty() && !pasted {
        return from_name;
    }
    if pasted {
        "pasted-image".to_string()
    } else {
        "image".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slugify("Café Élan — Día 2"), "cafe-elan-dia-2");
        assert_eq!(slugify("  __a__b  "), "a-b");
        assert_eq!(slugify("東京"), "dong-jing");
        assert!(slugify(&"word ".repeat(40)).len() <= 60);
    }

    #[test]
    fn camera_and_screenshot_names_are_meaningless() {
        for n in [
            "IMG_0877",
            "DSC01234",
            "DSCN0042",
            "PXL_20230512_101112345",
            "Screenshot 2024-03-01 at 10.22.11",
            "Capture d’écran 2023-05-01 à 10.11.12",
            "image",
            "IMG_20230101_120000~2",
            "WhatsApp Image 2023-01-01 at 12.00.00",
        ] {
            assert!(is_meaningless(&slugify(n)), "{n}");
        }
        for n in [
            "keynote-stage",
            "aws-summit-2023-etf1",
            "team photo",
            "afup-day-2019",
        ] {
            assert!(!is_meaningless(&slugify(n)), "{n}");
        }
    }

    #[test]
    fn stems_prefer_meaningful_names_then_alt() {
        assert_eq!(
            file_stem("Team Photo.JPG", Some("The team"), false),
            "team-photo"
        );
        assert_eq!(
            file_stem("IMG_0877.jpg", Some("The stage"), false),
            "the-stage"
        );
        assert_eq!(file_stem("IMG_0877.jpg", None, false), "img-0877");
        assert_eq!(file_stem("image.png", None, true), "pasted-image");
        assert_eq!(file_stem("", Some("Login form"), true), "login-form");
    }
}
