use solution::*;
use Outcome::*;

fn mv(cell: usize, outcome: Outcome, plies: u32) -> Option<Move> {
    Some(Move { cell, outcome, plies })
}

#[test]
fn examples_from_statement() {
    assert_eq!(best_move("........."), mv(0, Draw, 9));
    assert_eq!(best_move("XX.OO...."), mv(2, Win, 1));
    assert_eq!(status("XXXOO...."), Status::XWon);
    assert_eq!(status("OOO......"), Status::Invalid);
}

#[test]
fn status_classification() {
    assert_eq!(status("........."), Status::XToMove);
    assert_eq!(status("X........"), Status::OToMove);
    assert_eq!(status("XOXOXOXOX"), Status::XWon); // two diagonals at once
    assert_eq!(status("XOXXOOOXX"), Status::Draw);
    assert_eq!(status("XXOOXXXOO"), Status::Draw);
    assert_eq!(status("XXOXO.O.."), Status::OWon);
    assert_eq!(status("XXOXOOOXX"), Status::Invalid); // O line but X moved last
}

#[test]
fn invalid_boards() {
    assert_eq!(status("XXXOOO..."), Status::Invalid); // both won
    assert_eq!(status("XXXOOOX.."), Status::Invalid); // both won
    assert_eq!(status("XO"), Status::Invalid);
    assert_eq!(status("XXOO.....X"), Status::Invalid);
    assert_eq!(status("..Z......"), Status::Invalid);
    assert_eq!(status("xo......."), Status::Invalid);
    assert_eq!(status("O........"), Status::Invalid); // O moved first
    assert_eq!(status("XXX.OO.O."), Status::Invalid); // X won but O moved after
    assert_eq!(status("XXXXOO.OO"), Status::Invalid); // X won with too many X
    assert_eq!(status("XXXOO.OO."), Status::Invalid); // more O than X
}

#[test]
fn no_move_on_finished_or_invalid_boards() {
    assert_eq!(best_move("XXXOO...."), None);
    assert_eq!(best_move("XOXXOOOXX"), None);
    assert_eq!(best_move("OOO......"), None);
    assert_eq!(best_move("bad"), None);
}

#[test]
fn immediate_wins_prefer_lowest_cell() {
    assert_eq!(best_move("XO.XO...."), mv(6, Win, 1));
    assert_eq!(best_move("X.O.X.O.."), mv(8, Win, 1));
    assert_eq!(best_move("OX.XX.O.O"), mv(5, Win, 1));
    // two winning cells (6 and 8 both win for X): lowest wins
    assert_eq!(best_move("XOXOXO..."), mv(6, Win, 1));
    assert_eq!(best_move("XX..O.O.."), mv(2, Win, 1));
    assert_eq!(best_move("OO.XX.X.."), mv(2, Win, 1));
}

#[test]
fn forced_blocks_and_draws() {
    assert_eq!(best_move("X........"), mv(4, Draw, 8));
    assert_eq!(best_move("....X...."), mv(0, Draw, 8));
    assert_eq!(best_move("X...O...."), mv(1, Draw, 7));
    assert_eq!(best_move("XXOOO.X.."), mv(5, Draw, 3));
    assert_eq!(best_move("XOX.O...."), mv(7, Draw, 5));
}

#[test]
fn deeper_wins_and_delayed_losses() {
    assert_eq!(best_move("XO......."), mv(3, Win, 5));
    assert_eq!(best_move(".X..O..X."), mv(0, Win, 5));
    // O cannot stop both threats: it blocks the immediate one and loses as late as possible
    assert_eq!(best_move("X.O...X.."), mv(3, Loss, 4));
}
