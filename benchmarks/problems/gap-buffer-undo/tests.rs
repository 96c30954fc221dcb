use solution::*;

#[test]
fn insert_and_cursor() {
    let mut e = Editor::new();
    assert!(e.is_empty());
    e.insert("héllo");
    assert_eq!((e.text(), e.cursor(), e.len()), ("héllo".to_string(), 5, 5));
    e.move_left(3);
    e.insert("XY");
    assert_eq!((e.text(), e.cursor()), ("héXYllo".to_string(), 4));
    e.insert("");
    assert_eq!((e.text(), e.cursor()), ("héXYllo".to_string(), 4));
    e.move_to(0);
    e.insert("😀");
    assert_eq!((e.text(), e.cursor(), e.len()), ("😀héXYllo".to_string(), 1, 8));
}

#[test]
fn moves_are_clamped() {
    let mut e = Editor::from_text("abc");
    assert_eq!(e.cursor(), 0);
    e.move_left(5);
    assert_eq!(e.cursor(), 0);
    e.move_right(usize::MAX);
    assert_eq!(e.cursor(), 3);
    e.move_right(1);
    assert_eq!(e.cursor(), 3);
    e.move_to(2);
    assert_eq!(e.cursor(), 2);
    e.move_to(usize::MAX);
    assert_eq!(e.cursor(), 3);
    e.move_left(usize::MAX);
    assert_eq!(e.cursor(), 0);
}

#[test]
fn deletes_return_text_and_clamp() {
    let mut e = Editor::from_text("abcdéf");
    e.move_to(3);
    assert_eq!(e.delete_backward(2), "bc");
    assert_eq!((e.text(), e.cursor()), ("adéf".to_string(), 1));
    assert_eq!(e.delete_backward(10), "a");
    assert_eq!((e.text(), e.cursor()), ("déf".to_string(), 0));
    assert_eq!(e.delete_backward(1), "");
    assert_eq!(e.delete_forward(2), "dé");
    assert_eq!((e.text(), e.cursor()), ("f".to_string(), 0));
    assert_eq!(e.delete_forward(99), "f");
    assert_eq!(e.delete_forward(1), "");
    assert!(e.is_empty());
}

#[test]
fn line_and_column() {
    let mut e = Editor::from_text("ab\ncdé\n\nxyz");
    assert_eq!(e.line_col(), (0, 0));
    e.move_to(2);
    assert_eq!(e.line_col(), (0, 2));
    e.move_to(3);
    assert_eq!(e.line_col(), (1, 0));
    e.move_to(6);
    assert_eq!(e.line_col(), (1, 3));
    e.move_to(7);
    assert_eq!(e.line_col(), (2, 0));
    e.move_to(100);
    assert_eq!(e.line_col(), (3, 3));
    e.move_to_line_col(1, 1);
    assert_eq!(e.cursor(), 4);
    e.move_to_line_col(1, 50);
    assert_eq!(e.cursor(), 6);
    e.move_to_line_col(2, 5);
    assert_eq!(e.cursor(), 7);
    e.move_to_line_col(9, 1);
    assert_eq!(e.cursor(), 9);
    e.move_to_line_col(0, 0);
    assert_eq!(e.cursor(), 0);
    let mut t = Editor::from_text("end\n");
    t.move_to_line_col(5, 5);
    assert_eq!((t.cursor(), t.line_col()), (4, (1, 0)));
    let mut empty = Editor::new();
    empty.move_to_line_col(3, 3);
    assert_eq!((empty.cursor(), empty.line_col()), (0, (0, 0)));
}

#[test]
fn example_from_statement() {
    let mut e = Editor::new();
    e.insert("helo");
    e.move_left(1);
    e.insert("l");
    assert_eq!((e.text(), e.cursor()), ("hello".to_string(), 4));
    e.move_to(usize::MAX);
    e.insert(" world");
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), ("hello".to_string(), 5));
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), ("helo".to_string(), 3));
    assert!(e.redo());
    assert_eq!((e.text(), e.cursor()), ("hello".to_string(), 4));
    assert!(e.redo());
    assert_eq!((e.text(), e.cursor()), ("hello world".to_string(), 11));
    assert!(!e.redo());
}

#[test]
fn consecutive_inserts_merge() {
    let mut e = Editor::new();
    e.insert("a");
    e.insert("b");
    e.move_left(2);
    e.move_right(2);
    e.insert("c");
    assert_eq!(e.text(), "abc");
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), (String::new(), 0));
    assert!(!e.undo());
    assert!(e.redo());
    assert_eq!((e.text(), e.cursor()), ("abc".to_string(), 3));
    // after a redo, inserts start a new step
    e.insert("d");
    assert!(e.undo());
    assert_eq!(e.text(), "abc");
    assert!(e.undo());
    assert_eq!(e.text(), "");
}

#[test]
fn merging_breaks_on_delete_and_undo() {
    let mut e = Editor::new();
    e.insert("ab");
    assert_eq!(e.delete_backward(1), "b");
    e.insert("c");
    e.insert("d");
    assert_eq!(e.text(), "acd");
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), ("a".to_string(), 1));
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), ("ab".to_string(), 2));
    e.insert("x");
    // the undo in between prevents merging with "ab"; redo list is cleared
    assert!(!e.redo());
    assert!(e.undo());
    assert_eq!(e.text(), "ab");
    assert!(e.undo());
    assert_eq!(e.text(), "");
}

#[test]
fn no_op_calls_do_not_break_merging() {
    let mut e = Editor::new();
    e.insert("a");
    assert_eq!(e.delete_forward(3), "");
    e.insert("");
    assert!(!e.redo());
    e.insert("b");
    assert!(e.undo());
    assert_eq!(e.text(), "");
}

#[test]
fn merge_into_newest_step_after_moving_elsewhere() {
    let mut e = Editor::new();
    e.insert("ab");
    e.move_left(1);
    e.insert("X");
    e.insert("Y");
    assert_eq!(e.text(), "aXYb");
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), ("ab".to_string(), 1));
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), (String::new(), 0));
}

#[test]
fn undo_redo_deletes_restore_cursor() {
    let mut e = Editor::from_text("0123456789");
    e.move_to(6);
    assert_eq!(e.delete_backward(3), "345");
    e.move_to(1);
    assert_eq!(e.delete_forward(2), "12");
    assert_eq!((e.text(), e.cursor()), ("06789".to_string(), 1));
    e.move_to(5);
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), ("0126789".to_string(), 1));
    assert!(e.undo());
    assert_eq!((e.text(), e.cursor()), ("0123456789".to_string(), 6));
    assert!(!e.undo());
    assert!(e.redo());
    assert_eq!((e.text(), e.cursor()), ("0126789".to_string(), 3));
    e.move_to(0);
    assert!(e.redo());
    assert_eq!((e.text(), e.cursor()), ("06789".to_string(), 1));
    assert!(!e.redo());
}

#[test]
fn new_edit_clears_redo() {
    let mut e = Editor::new();
    e.insert("one");
    e.delete_backward(1);
    assert!(e.undo());
    assert_eq!(e.text(), "one");
    e.move_to(0);
    assert_eq!(e.delete_forward(1), "o");
    assert!(!e.redo());
    assert!(e.undo());
    assert!(e.undo());
    assert_eq!(e.text(), "");
    assert!(!e.undo());
}

#[test]
fn many_edits() {
    let mut e = Editor::new();
    for i in 0..5000 {
        e.insert(&char::from(b'a' + (i % 26) as u8).to_string());
        if i % 7 == 0 {
            e.move_left(3);
        }
    }
    assert_eq!(e.len(), 5000);
    let text = e.text();
    e.move_to(2500);
    for _ in 0..1000 {
        e.delete_forward(1);
        e.delete_backward(1);
    }
    assert_eq!(e.len(), 3000);
    for _ in 0..2000 {
        assert!(e.undo());
    }
    assert_eq!(e.text(), text);
    assert_eq!(e.cursor(), 2500);
}
