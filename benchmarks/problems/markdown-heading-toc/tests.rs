use solution::*;

fn lines(ls: &[&str]) -> String {
    ls.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn example() {
    let md = "# Intro\ntext\n## Install & Setup\n## Usage\n### Usage\n";
    assert_eq!(
        table_of_contents(md),
        lines(&[
            "- [Intro](#intro)",
            "  - [Install & Setup](#install--setup)",
            "  - [Usage](#usage)",
            "    - [Usage](#usage-1)",
        ])
    );
}

#[test]
fn no_headings() {
    assert_eq!(table_of_contents(""), "");
    assert_eq!(table_of_contents("just text\n#hashtag\n####### seven\n#   \n"), "");
}

#[test]
fn min_level_is_relative() {
    let md = "### Deep\n#### Deeper\n### Back\n";
    assert_eq!(
        table_of_contents(md),
        lines(&["- [Deep](#deep)", "  - [Deeper](#deeper)", "- [Back](#back)"])
    );
}

#[test]
fn code_fences_are_skipped() {
    let md = "# Real\n```\n# not a heading\n```\n  ```rust\n## also not\n  ```\n## Real too\n";
    assert_eq!(
        table_of_contents(md),
        lines(&["- [Real](#real)", "  - [Real too](#real-too)"])
    );
}

#[test]
fn anchor_rules() {
    let md = "# What's New? (v2.0)\n# Ünïcode Straße\n# snake_case and-dash\n#   Trimmed   \n";
    assert_eq!(
        table_of_contents(md),
        lines(&[
            "- [What's New? (v2.0)](#whats-new-v20)",
            "- [Ünïcode Straße](#ünïcode-straße)",
            "- [snake_case and-dash](#snake_case-and-dash)",
            "- [Trimmed](#trimmed)",
        ])
    );
}

#[test]
fn duplicate_counters() {
    let md = "# FAQ\n# faq\n# FAQ!\n# Other\n";
    assert_eq!(
        table_of_contents(md),
        lines(&["- [FAQ](#faq)", "- [faq](#faq-1)", "- [FAQ!](#faq-2)", "- [Other](#other)"])
    );
}

#[test]
fn indented_hash_is_not_heading() {
    assert_eq!(table_of_contents("  # indented\n###### Six\n"), lines(&["- [Six](#six)"]));
}
