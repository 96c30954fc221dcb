use solution::*;

fn k(s: &str) -> Edit {
    Edit::Keep(s.to_string())
}
fn d(s: &str) -> Edit {
    Edit::Delete(s.to_string())
}
fn i(s: &str) -> Edit {
    Edit::Insert(s.to_string())
}

fn numbered(n: usize) -> String {
    (1..=n).map(|x| format!("l{x}\n")).collect()
}

#[test]
fn identical_texts() {
    assert_eq!(diff_lines("a\nb\n", "a\nb"), vec![k("a"), k("b")]);
    assert_eq!(unified("a\nb\n", "a\nb", 3), "");
    assert_eq!(diff_lines("", ""), vec![]);
    assert_eq!(unified("", "", 0), "");
}

#[test]
fn line_splitting_rules() {
    assert_eq!(diff_lines("\n", ""), vec![d("")]);
    assert_eq!(diff_lines("a\n\n", "a"), vec![k("a"), d("")]);
    assert_eq!(diff_lines("a\r\nb", "a\nb"), vec![d("a\r"), i("a"), k("b")]);
    assert_eq!(diff_lines("", "x\n\ny"), vec![i("x"), i(""), i("y")]);
}

#[test]
fn tie_breaking_prefers_deletion() {
    assert_eq!(diff_lines("a\nb", "b\na"), vec![d("a"), k("b"), i("a")]);
    assert_eq!(diff_lines("x\ny", "y\nz"), vec![d("x"), k("y"), i("z")]);
    assert_eq!(diff_lines("a\nb\nc", "x\ny\nz"), vec![d("a"), d("b"), d("c"), i("x"), i("y"), i("z")]);
    assert_eq!(
        diff_lines("the\ncat\nsat\non\nthe\nmat", "the\ndog\nsat\non\na\nmat\ntoday"),
        vec![k("the"), d("cat"), i("dog"), k("sat"), k("on"), d("the"), i("a"), k("mat"), i("today")]
    );
}

#[test]
fn script_is_a_longest_common_subsequence() {
    // a greedy "match the first equal line" approach keeps only 1 line here
    let old = "a\nb\nc\nd\ne";
    let new = "e\nb\nc\nd\na";
    let script = diff_lines(old, new);
    assert_eq!(script, vec![d("a"), i("e"), k("b"), k("c"), k("d"), d("e"), i("a")]);
    let script = diff_lines("x\na\nb\nx\nc", "a\nx\nb\nc\nx");
    let keeps = script.iter().filter(|e| matches!(e, Edit::Keep(_))).count();
    assert_eq!(keeps, 3);
    assert_eq!(script, vec![d("x"), k("a"), d("b"), k("x"), i("b"), k("c"), i("x")]);
}

#[test]
fn single_change_hunk() {
    assert_eq!(unified("a\nb\nc\nd\n", "a\nB\nc\nd\n", 1), "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    assert_eq!(unified("a\nb\nc\nd\n", "a\nB\nc\nd\n", 10), "@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n");
}

#[test]
fn hunks_split_and_merge_by_context() {
    let old = numbered(12);
    let new = old.replace("l2\n", "L2\n").replace("l10\n", "L10\n");
    assert_eq!(
        unified(&old, &new, 3),
        "@@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n@@ -7,6 +7,6 @@\n l7\n l8\n l9\n-l10\n+L10\n l11\n l12\n"
    );
    // 7 unchanged lines between the changes: at most 2*4 = 8, so one hunk
    assert_eq!(
        unified(&old, &new, 4),
        "@@ -1,12 +1,12 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n l6\n l7\n l8\n l9\n-l10\n+L10\n l11\n l12\n"
    );
    assert_eq!(unified(&old, &new, 0), "@@ -2,1 +2,1 @@\n-l2\n+L2\n@@ -10,1 +10,1 @@\n-l10\n+L10\n");
}

#[test]
fn gap_exactly_twice_context_merges() {
    let old = "a\nb\nc\nd\ne\n";
    let new = "A\nb\nc\nd\nE\n";
    // 3 kept lines between the changes
    assert_eq!(unified(old, new, 1), "@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -4,2 +4,2 @@\n d\n-e\n+E\n");
    let old = "a\nb\nc\nd\n";
    let new = "A\nb\nc\nD\n";
    // 2 kept lines between the changes
    assert_eq!(unified(old, new, 1), "@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n-d\n+D\n");
}

#[test]
fn zero_count_positions() {
    assert_eq!(unified("a\nb\n", "a\nX\nb\n", 0), "@@ -1,0 +2,1 @@\n+X\n");
    assert_eq!(unified("a\nb", "b", 0), "@@ -1,1 +0,0 @@\n-a\n");
    assert_eq!(unified("", "x\ny\n", 2), "@@ -0,0 +1,2 @@\n+x\n+y\n");
    assert_eq!(unified("x\ny\n", "", 2), "@@ -1,2 +0,0 @@\n-x\n-y\n");
    assert_eq!(unified("a\nb\nc", "a\nb\nc\nd", 0), "@@ -3,0 +4,1 @@\n+d\n");
    assert_eq!(unified("a\nb\nc\nd", "a\nb\nc", 1), "@@ -3,2 +3,1 @@\n c\n-d\n");
}

#[test]
fn mixed_changes_with_context() {
    assert_eq!(
        unified("a\nb\nc\nd\ne\nf\n", "a\nc\nd\nE\nf\ng\n", 1),
        "@@ -1,6 +1,6 @@\n a\n-b\n c\n d\n-e\n+E\n f\n+g\n"
    );
    assert_eq!(
        unified("the\ncat\nsat\non\nthe\nmat", "the\ndog\nsat\non\na\nmat\ntoday", 1),
        "@@ -1,6 +1,7 @@\n the\n-cat\n+dog\n sat\n on\n-the\n+a\n mat\n+today\n"
    );
}

#[test]
fn larger_input() {
    let old: String = (0..1200).map(|x| format!("{x}\n")).collect();
    let new: String = (0..1200).filter(|x| x % 500 != 7).map(|x| format!("{x}\n")).collect();
    let out = unified(&old, &new, 1);
    assert_eq!(
        out,
        "@@ -7,3 +7,2 @@\n 6\n-7\n 8\n@@ -507,3 +506,2 @@\n 506\n-507\n 508\n@@ -1007,3 +1005,2 @@\n 1006\n-1007\n 1008\n"
    );
}
