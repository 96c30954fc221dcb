use solution::*;

#[test]
fn examples_from_statement() {
    assert_eq!(shortest_path_with_keys(&["S.aA.E"]), Some(5));
    assert_eq!(shortest_path_with_keys(&["S#E"]), None);
    assert_eq!(shortest_path_with_keys(&["SA.E", ".##.", "a..."]), Some(7));
}

#[test]
fn no_start_or_no_exit() {
    assert_eq!(shortest_path_with_keys(&["..E"]), None);
    assert_eq!(shortest_path_with_keys(&["S.."]), None);
    assert_eq!(shortest_path_with_keys(&[]), None);
}

#[test]
fn adjacent_exit_and_nearest_of_several() {
    assert_eq!(shortest_path_with_keys(&["SE"]), Some(1));
    assert_eq!(shortest_path_with_keys(&["E...S.E"]), Some(2));
}

#[test]
fn door_without_key_is_a_wall() {
    assert_eq!(shortest_path_with_keys(&["S.B.E", "##b##"]), None);
    assert_eq!(shortest_path_with_keys(&["bS.B.E"]), Some(6));
}

#[test]
fn must_backtrack_for_key() {
    // key is behind the start; walk left 3, then right 3 back to start, then 4 to E
    assert_eq!(shortest_path_with_keys(&["a..S.A.E"]), Some(10));
}

#[test]
fn key_chain_through_doors() {
    let grid = [
        "S.a#....E",
        "###A#####",
        "b..A....B",
        "#########",
    ];
    // the key `a` is sealed off from door `A`: no way down
    assert_eq!(shortest_path_with_keys(&grid), None);

    let grid = [
        "S.a.#...E",
        "###A###B#",
        "b......A.",
    ];
    // S->a: 2; a->(0,3): 3; down through A (1,3): 4; (2,3): 5; left to b (2,0): 8;
    // back right to (2,7) door A: 15; up through B (1,7): 16; (0,7): 17; (0,8) E: 18.
    // alternative: (2,7)->(2,8)->(1,8) is '#'. so 18.
    assert_eq!(shortest_path_with_keys(&grid), Some(18));
}

#[test]
fn keys_open_several_doors_of_same_letter() {
    let grid = ["SaC.C.C.E", "c########"];
    // S->c is 1 step down, back up 1, then right 8: total 10
    assert_eq!(shortest_path_with_keys(&grid), Some(10));
}

#[test]
fn large_open_grid() {
    let mut rows: Vec<String> = Vec::new();
    for r in 0..40 {
        let mut row = String::new();
        for c in 0..40 {
            let ch = if r == 0 && c == 0 {
                'S'
            } else if r == 39 && c == 39 {
                'E'
            } else if r == 20 && c != 5 {
                'F'
            } else if r == 10 && c == 30 {
                'f'
            } else {
                '.'
            };
            row.push(ch);
        }
        rows.push(row);
    }
    let grid: Vec<&str> = rows.iter().map(|s| s.as_str()).collect();
    // path through the gap at column 5 on row 20: Manhattan distance 78 is achievable
    assert_eq!(shortest_path_with_keys(&grid), Some(78));
    // close the gap: the key f at (10,30) must be fetched first
    let mut rows2 = rows.clone();
    rows2[20] = "F".repeat(40);
    let grid2: Vec<&str> = rows2.iter().map(|s| s.as_str()).collect();
    // S(0,0)->f(10,30) = 40; f->E(39,39) = 29 + 9 = 38; total 78 still
    assert_eq!(shortest_path_with_keys(&grid2), Some(78));
    let mut rows3 = rows2.clone();
    rows3[10] = ".".repeat(40);
    rows3[1] = {
        let mut s = ".".repeat(39);
        s.push('f');
        s
    };
    let grid3: Vec<&str> = rows3.iter().map(|s| s.as_str()).collect();
    // key at (1,39): S->key 40, key->E 38: 78
    assert_eq!(shortest_path_with_keys(&grid3), Some(78));
    let mut rows4 = rows2.clone();
    rows4[10] = ".".repeat(40);
    rows4[30] = {
        let mut s = "f".to_string();
        s.push_str(&".".repeat(39));
        s
    };
    let grid4: Vec<&str> = rows4.iter().map(|s| s.as_str()).collect();
    // key below the door row: unreachable
    assert_eq!(shortest_path_with_keys(&grid4), None);
}
