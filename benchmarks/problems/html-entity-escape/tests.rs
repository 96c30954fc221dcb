use solution::*;

#[test]
fn escape_basic() {
    assert_eq!(escape_html("a < b & 'c'"), "a &lt; b &amp; &#39;c&#39;");
    assert_eq!(escape_html("<a href=\"x\">é</a>"), "&lt;a href=&quot;x&quot;&gt;é&lt;/a&gt;");
    assert_eq!(escape_html(""), "");
}

#[test]
fn unescape_named() {
    assert_eq!(unescape_html("&lt;b&gt; &amp; &quot;q&quot; &apos;s&apos;"), "<b> & \"q\" 's'");
    assert_eq!(unescape_html("a&nbsp;b"), "a\u{a0}b");
}

#[test]
fn unescape_numeric() {
    assert_eq!(unescape_html("&#65;&#x42;&#X43; &lt"), "ABC &lt");
    assert_eq!(unescape_html("&#x1F600;&#233;&#xe9;"), "😀éé");
    assert_eq!(unescape_html("&#0065;"), "A");
}

#[test]
fn malformed_left_alone() {
    assert_eq!(unescape_html("&AMP; &Lt; &foo; &; &#; &#x; &#12a; &#xZZ;"), "&AMP; &Lt; &foo; &; &#; &#x; &#12a; &#xZZ;");
    assert_eq!(unescape_html("fish & chips"), "fish & chips");
    assert_eq!(unescape_html("&&lt;"), "&<");
    assert_eq!(unescape_html("&lt &gt;"), "&lt >");
}

#[test]
fn invalid_code_points_left_alone() {
    assert_eq!(unescape_html("&#0;"), "&#0;");
    assert_eq!(unescape_html("&#xD800;"), "&#xD800;");
    assert_eq!(unescape_html("&#x110000;"), "&#x110000;");
    assert_eq!(unescape_html("&#99999999999999999999999;"), "&#99999999999999999999999;");
    assert_eq!(unescape_html("&#x10FFFF;"), "\u{10FFFF}");
}

#[test]
fn single_pass() {
    assert_eq!(unescape_html("&amp;lt;"), "&lt;");
    assert_eq!(unescape_html("&amp;amp;"), "&amp;");
}

#[test]
fn round_trip() {
    let s = "if (a < b && c > \"d\") { it's ok }";
    assert_eq!(unescape_html(&escape_html(s)), s);
}
