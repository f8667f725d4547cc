//! A small, tolerant reader of Astro content-collection schemas written with zod.

use serde_json::Value;

use super::FieldType;

/// One field of a collection's `z.object({...})`.
#[derive(Debug, Clone, PartialEq)]
pub struct ZodField {
    pub name: String,
    pub field_type: FieldType,
    pub required: bool,
    pub options: Vec<String>,
    pub default: Option<Value>,
    pub max_length: Option<u32>,
    pub relation: Option<String>,
}

/// A collection: its variable name, the loader's `base` folder, its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    pub name: String,
    pub base: Option<String>,
    pub fields: Vec<ZodField>,
}

/// Every `const NAME = defineCollection({... schema: ... z.object({...}) ...})` in `text`.
pub fn collections(text: &str) -> Vec<Collection> {
    let text = strip_comments(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("defineCollection(") {
        let start = from + i + "defineCollection".len();
        let Some(end) = matching(&text, start) else {
            break;
        };
        let call = &text[start + 1..end];
        let before = text[..from + i].trim_end().trim_end_matches('=').trim_end();
        let name = before
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .next()
            .unwrap_or("")
            .to_string();
        let base = call.find("base:").and_then(|b| {
            let r = call[b + 5..].trim_start();
            let q = r.chars().next()?;
            matches!(q, '"' | '\'' | '`')
                .then(|| r[1..].split(q).next())
                .flatten()
                .map(|s| s.trim_start_matches("./").trim_matches('/').to_string())
        });
        let fields = call
            .find("schema")
            .and_then(|s| call[s..].find("z.object(").map(|o| s + o))
            .and_then(|o| object_body(call, o + "z.object".len()))
            .map(parse_fields)
            .unwrap_or_default();
        out.push(Collection { name, base, fields });
        from = end;
    }
    out
}

/// The collection holding the posts in `posts_dirs`.
pub fn pick<'a>(cols: &'a [Collection], posts_dirs: &[String]) -> Option<&'a Collection> {
    cols.iter()
        .find(|c| {
            posts_dirs.iter().any(|d| {
                c.base.as_deref() == Some(d.as_str())
                    || (c.base.is_none() && d.rsplit('/').next() == Some(c.name.as_str()))
            })
        })
        .or_else(|| {
            cols.iter()
                .find(|c| c.name != "authors" && !c.fields.is_empty())
        })
}

/// The text between the `{` and `}` of the object literal passed to the call whose `(` is at `open`.
fn object_body(text: &str, open: usize) -> Option<&str> {
    let inner_start = open + 1;
    let brace = inner_start + text[inner_start..].find('{')?;
    let end = matching(text, brace)?;
    Some(&text[brace + 1..end])
}

fn parse_fields(body: &str) -> Vec<ZodField> {
    split_top(body, ',')
        .into_iter()
        .filter_map(|entry| {
            let entry = entry.trim();
            let colon = top_colon(entry)?;
            let name = entry[..colon]
                .trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_string();
            if name.is_empty() || name.starts_with("...") {
                return None;
            }
            Some(field(name, entry[colon + 1..].trim()))
        })
        .collect()
}

fn field(name: String, expr: &str) -> ZodField {
    let chain = split_top(expr, '.');
    let segs: Vec<&str> = chain.iter().map(|s| s.trim()).collect();
    let base_idx = segs
        .iter()
        .position(|s| !matches!(*s, "z" | "coerce"))
        .unwrap_or(0);
    let base = segs.get(base_idx).copied().unwrap_or("");
    let mods = &segs[(base_idx + 1).min(segs.len())..];
    let mut f = ZodField {
        name,
        field_type: FieldType::String,
        required: true,
        options: vec![],
        default: None,
        max_length: None,
        relation: None,
    };
    let args = |s: &str| {
        s.find('(')
            .and_then(|o| s.rfind(')').map(|c| s[o + 1..c].trim().to_string()))
            .unwrap_or_default()
    };
    let head = base.split('(').next().unwrap_or("");
    f.field_type = match head {
        "string" => FieldType::String,
        "date" => FieldType::Date,
        "boolean" => FieldType::Bool,
        "number" | "bigint" => FieldType::Number,
        "object" | "record" => FieldType::Map,
        "image" => FieldType::Image,
        "reference" => {
            f.relation = Some(unquote(&args(base)));
            FieldType::String
        }
        "enum" => {
            f.options = strings(&args(base));
            FieldType::String
        }
        "array" => {
            let inner = args(base);
            let inner_head = split_top(&inner, '.')
                .into_iter()
                .map(|s| s.trim().to_string())
                .find(|s| !matches!(s.as_str(), "z" | "coerce"))
                .unwrap_or_default();
            if inner_head.starts_with("reference(") {
                f.relation = Some(unquote(&args(&inner_head)));
                FieldType::StringList
            } else if inner_head.starts_with("string(") || inner_head.starts_with("enum(") {
                FieldType::StringList
            } else {
                FieldType::List
            }
        }
        _ => FieldType::String,
    };
    for m in mods {
        let mh = m.split('(').next().unwrap_or("");
        match mh {
            "optional" | "nullable" | "nullish" => f.required = false,
            "default" => {
                f.required = false;
                f.default = literal(&args(m));
            }
            "max" if matches!(f.field_type, FieldType::String | FieldType::Text) => {
                f.max_length = args(m).parse().ok();
            }
            "datetime" | "date" => f.field_type = FieldType::Date,
            "url" | "email" => {}
            _ => {}
        }
    }
    if f.field_type == FieldType::String
        && (f.max_length.is_some_and(|m| m > 100) || super::is_text_name(&f.name))
    {
        f.field_type = FieldType::Text;
    }
    f
}

fn literal(s: &str) -> Option<Value> {
    let s = s.trim();
    match s {
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        "[]" => Some(Value::Array(vec![])),
        _ if s.starts_with(['"', '\'', '`']) => Some(Value::String(unquote(s))),
        _ => s.parse::<f64>().ok().and_then(|n| {
            serde_json::Number::from_f64(n).map(|n| {
                if n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                    Value::from(n.as_f64().unwrap_or(0.0) as i64)
                } else {
                    Value::Number(n)
                }
            })
        }),
    }
}

fn unquote(s: &str) -> String {
    s.trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .to_string()
}

fn strings(s: &str) -> Vec<String> {
    let s = s.trim().trim_start_matches('[').trim_end_matches(']');
    split_top(s, ',')
        .into_iter()
        .map(unquote)
        .filter(|x| !x.is_empty())
        .collect()
}

fn top_colon(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ':') if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Splits at `sep` outside brackets and strings.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        out.push(&s[start..]);
    }
    out
}

/// Index of the bracket closing the one at `open`.
fn matching(s: &str, open: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let (o, c) = match bytes.get(open)? {
        b'(' => (b'(', b')'),
        b'{' => (b'{', b'}'),
        b'[' => (b'[', b']'),
        _ => return None,
    };
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 1;
            } else if b == q {
                quote = None;
            }
        } else if matches!(b, b'"' | b'\'' | b'`') {
            quote = Some(b);
        } else if b == o {
            depth += 1;
        } else if b == c {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            ('"' | '\'' | '`', _) => {
                quote = Some(c);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_astro_schemas() {
        let src = r#"
import { defineCollection, z, reference } from 'astro:content';
import { glob } from 'astro/loaders';
// The blog
const blog = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './src/content/blog' }),
  schema: ({ image }) => z.object({
    title: z.string().max(80),
    description: z.string(), // shown in lists
    pubDate: z.coerce.date(),
    updatedDate: z.coerce.date().optional(),
    heroImage: image().optional(),
    tags: z.array(z.string()).default([]),
    authors: z.array(reference('authors')),
    draft: z.boolean().default(false),
    lang: z.enum(['en', "fr"]).default('en'),
    seo: z.object({ title: z.string() }).optional(),
  }),
});
const authors = defineCollection({ type: 'data', schema: z.object({ name: z.string() }) });
export const collections = { blog, authors };
"#;
        let cols = collections(src);
        assert_eq!(cols.len(), 2);
        let b = &cols[0];
        assert_eq!(b.name, "blog");
        assert_eq!(b.base.as_deref(), Some("src/content/blog"));
        let names: Vec<_> = b.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "title",
                "description",
                "pubDate",
                "updatedDate",
                "heroImage",
                "tags",
                "authors",
                "draft",
                "lang",
                "seo"
            ]
        );
        let f = |n: &str| b.fields.iter().find(|f| f.name == n).unwrap();
        assert_eq!(f("title").max_length, Some(80));
        assert!(f("title").required);
        assert_eq!(f("description").field_type, FieldType::Text);
        assert_eq!(f("pubDate").field_type, FieldType::Date);
        assert!(!f("updatedDate").required);
        assert_eq!(f("heroImage").field_type, FieldType::Image);
        assert_eq!(f("tags").field_type, FieldType::StringList);
        assert_eq!(f("tags").default, Some(serde_json::json!([])));
        assert_eq!(f("authors").relation.as_deref(), Some("authors"));
        assert_eq!(f("draft").default, Some(Value::Bool(false)));
        assert_eq!(f("lang").options, ["en", "fr"]);
        assert_eq!(f("seo").field_type, FieldType::Map);
        assert_eq!(cols[1].name, "authors");
        let picked = pick(&cols, &["src/content/blog".to_string()]).unwrap();
        assert_eq!(picked.name, "blog");
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "defineCollection(",
            "defineCollection({ schema: z.object({ a: ",
            "",
            "z.object({})",
        ] {
            let _ = collections(s);
        }
    }
}
