#!/usr/bin/env ruby
# frozen_string_literal: true

# Renders every post of a Jekyll site the way its Jekyll build does, and prints one JSON
# object per post on a line: {"post": "_posts/x.md", "html": "…"}. The fidelity test
# (`make fidelity`, crates/postdesk-core/tests/fidelity.rs) compares it block by block with
# Postdesk's preview.
#
#   ruby scripts/fidelity/kramdown.rb SITE_DIR [POST…]
#
# What Jekyll does to a post, done here without Jekyll:
# - the front matter is cut off (Jekyll's own pattern);
# - Liquid runs on the body: `{% highlight lang %}…{% endhighlight %}` becomes Jekyll's
#   `<figure class="highlight">` (Rouge), `{% post_url name %}` the post's URL (the default
#   `date` permalink), `{% raw %}` its contents, `{{ … }}` the value of `site.url` /
#   `site.baseurl` and nothing for any other name (Liquid prints nil as nothing, in code blocks
#   too). A post using another tag is reported on stderr;
# - kramdown with Jekyll 4's defaults, then the site's `kramdown:` options from `_config.yml`
#   (input GFM, hard_wrap false, auto_ids, smart quotes, Rouge for code).
#
# Needs Debian's ruby-kramdown, ruby-kramdown-parser-gfm and ruby-rouge.

require 'json'
require 'yaml'
require 'date'
require 'cgi'
require 'kramdown'
require 'kramdown-parser-gfm'
require 'rouge'

site = ARGV.shift or abort 'usage: kramdown.rb SITE_DIR [POST…]'
config = YAML.safe_load(File.read(File.join(site, '_config.yml')), permitted_classes: [Date, Time]) || {}

# Jekyll 4's `kramdown` defaults (lib/jekyll/configuration.rb), then the site's.
JEKYLL_KRAMDOWN = {
  'auto_ids' => true,
  'toc_levels' => (1..6).to_a,
  'entity_output' => 'as_char',
  'smart_quotes' => 'lsquo,rsquo,ldquo,rdquo',
  'input' => 'GFM',
  'hard_wrap' => false,
  'guess_lang' => true,
  'footnote_nr' => 1,
  'show_warnings' => false
}.freeze
options = JEKYLL_KRAMDOWN.merge(config['kramdown'] || {})
# Jekyll's KramdownParser#setup.
options['syntax_highlighter'] ||= config['highlighter'] || 'rouge'
options['syntax_highlighter_opts'] ||= {}
options['syntax_highlighter_opts']['default_lang'] ||= 'plaintext'
options['syntax_highlighter_opts']['guess_lang'] = options['guess_lang']
OPTIONS = options.transform_keys(&:to_sym).freeze

FRONT_MATTER = /\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)/m.freeze

def split(text)
  m = FRONT_MATTER.match(text)
  return [{}, text] unless m

  fm = begin
    YAML.safe_load(m[1], permitted_classes: [Date, Time]) || {}
  rescue StandardError
    {}
  end
  [fm.is_a?(Hash) ? fm : {}, m.post_match]
end

posts_dir = File.join(site, '_posts')
all = Dir.glob(File.join(posts_dir, '**', '*.{md,markdown}')).sort
front = all.to_h { |p| [File.basename(p, '.*'), split(File.read(p)).first] }

# Jekyll's default permalink (`date`): /:categories/:year/:month/:day/:title.html.
def post_url(name, front)
  fm = front[name] || {}
  y, m, d, slug = name.split('-', 4)
  cats = fm['categories'] || fm['category']
  cats = cats.split if cats.is_a?(String)
  cats = Array(cats).map { |c| c.to_s.downcase.strip.gsub(/[^[:alnum:]]+/, '-') }
  ['', *cats, y, m, d, "#{slug}.html"].join('/')
end

# Jekyll's HighlightBlock with Rouge.
def highlight(lang, code)
  code = code.gsub(/\A(\n|\r)+|(\n|\r)+\z/, '')
  lexer = Rouge::Lexer.find_fancy(lang, code) || Rouge::Lexers::PlainText
  body = Rouge::Formatters::HTML.new.format(lexer.lex(code))
  %(<figure class="highlight"><pre><code class="language-#{lang.tr('+', '-')}" data-lang="#{lang}">#{body.chomp}</code></pre></figure>)
end

def liquid(body, site_config, front, post)
  out = +''
  raws = []
  # `{% raw %}` first: what it holds is not Liquid.
  body = body.gsub(/\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}/m) do
    raws << Regexp.last_match(1)
    "\u0000RAW#{raws.size - 1}\u0000"
  end
  body = body.gsub(/\{%-?\s*highlight\s+(\S+)[^%]*?-?%\}(.*?)\{%-?\s*endhighlight\s*-?%\}/m) do
    highlight(Regexp.last_match(1), Regexp.last_match(2))
  end
  body = body.gsub(/\{%-?\s*post_url\s+(\S+)\s*-?%\}/) { post_url(Regexp.last_match(1), front) }
  body = body.gsub(/\{\{-?\s*(.*?)\s*-?\}\}/) do
    case Regexp.last_match(1)
    when 'site.baseurl' then site_config['baseurl'].to_s
    when 'site.url' then site_config['url'].to_s
    else ''
    end
  end
  body.scan(/\{%-?\s*(\w+)/) { |(tag)| warn "#{post}: Liquid tag `#{tag}` left as written" }
  out << body.gsub(/\u0000RAW(\d+)\u0000/) { raws[Regexp.last_match(1).to_i] }
  out
end

wanted = ARGV.empty? ? all : ARGV.map { |p| File.join(site, p) }
wanted.each do |path|
  text = File.read(path, encoding: 'UTF-8')
  _, body = split(text)
  body = liquid(body, config, front, path)
  html = Kramdown::Document.new(body, OPTIONS.dup).to_html
  puts JSON.generate({ post: path.delete_prefix("#{site}/"), html: html })
end
