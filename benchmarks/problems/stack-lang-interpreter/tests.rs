use solution::*;

fn run(program: &str) -> (Result<(), StackError>, Vec<i64>, String) {
    let mut m = Machine::new();
    let r = m.run(program);
    (r, m.stack().to_vec(), m.output().to_string())
}

#[test]
fn arithmetic_and_literals() {
    let (r, s, _) = run("1 2 + 10 4 - 6 -7 * -7 2 / 7 -2 /");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![3, 6, -42, -3, -3]);
    let (r, s, _) = run("-7 2 mod 7 -2 mod 9223372036854775807 -9223372036854775808");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![-1, 1, i64::MAX, i64::MIN]);
}

#[test]
fn stack_words_and_comparisons() {
    let (r, s, _) = run("1 2 3 rot 4 5 swap over dup drop");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![2, 3, 1, 5, 4, 5]);
    let (r, s, _) = run("3 3 = 2 5 < 2 5 > -1 0 <");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![1, 1, 0, 1]);
}

#[test]
fn output_and_case_insensitivity() {
    let mut m = Machine::new();
    assert_eq!(m.run("1 2 3 . . DUP . Dup ."), Ok(()));
    assert_eq!(m.output(), "3 2 1 1 ");
    assert_eq!(m.stack(), &[1]);
    assert_eq!(m.run("-5 ."), Ok(()));
    assert_eq!(m.output(), "3 2 1 1 -5 ");
}

#[test]
fn definitions_persist_across_runs() {
    let mut m = Machine::new();
    assert_eq!(m.run(": square dup * ;"), Ok(()));
    assert_eq!(m.run(": SUM-SQ square swap square + ;"), Ok(()));
    assert_eq!(m.run("3 4 sum-sq"), Ok(()));
    assert_eq!(m.stack(), &[25]);
}

#[test]
fn definitions_capture_meaning_at_definition_time() {
    let (r, s, _) = run(": foo 5 ; : bar foo ; : foo 6 ; bar foo");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![5, 6]);
    let (r, s, _) = run(": foo 10 ; : foo foo 1 + ; foo");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![11]);
    let (r, s, _) = run(": swap dup ; 1 swap : dup 9 ; 2 swap dup");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![1, 1, 2, 2, 9]);
}

#[test]
fn self_reference_without_earlier_definition() {
    let mut m = Machine::new();
    assert_eq!(m.run("7 : loop loop ;"), Err(StackError::UnknownWord("loop".into())));
    assert_eq!(m.stack(), &[7]);
    assert_eq!(m.run("loop"), Err(StackError::UnknownWord("loop".into())));
}

#[test]
fn unknown_word_in_untaken_branch_of_definition() {
    let mut m = Machine::new();
    assert_eq!(m.run(": f if 1 else NOPE then ;"), Err(StackError::UnknownWord("nope".into())));
    assert_eq!(m.run("1 f"), Err(StackError::UnknownWord("f".into())));
    assert_eq!(m.stack(), &[1]);
}

#[test]
fn top_level_conditionals() {
    let (r, s, _) = run("1 if 10 else 20 then 0 if 30 else 40 then -3 if 50 then 0 if 60 then");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![10, 40, 50]);
    // a word in a branch that is not taken is never looked up at top level
    let (r, s, _) = run("0 if undefined-word then 8");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![8]);
}

#[test]
fn nested_conditionals_in_definitions() {
    let mut m = Machine::new();
    assert_eq!(
        m.run(": sign dup 0 < if drop -1 else 0 > if 1 else 0 then then ;"),
        Ok(())
    );
    assert_eq!(m.run("-9 sign 0 sign 12 sign"), Ok(()));
    assert_eq!(m.stack(), &[-1, 0, 1]);
    assert_eq!(m.run(": abs dup 0 < if -1 * then ; -4 abs 4 abs"), Ok(()));
    assert_eq!(m.stack(), &[-1, 0, 1, 4, 4]);
}

#[test]
fn failing_step_changes_nothing() {
    let (r, s, _) = run("5 0 /");
    assert_eq!(r, Err(StackError::DivisionByZero));
    assert_eq!(s, vec![5, 0]);
    let (r, s, _) = run("5 0 mod");
    assert_eq!(r, Err(StackError::DivisionByZero));
    assert_eq!(s, vec![5, 0]);
    let (r, s, _) = run("1 2 rot");
    assert_eq!(r, Err(StackError::StackUnderflow));
    assert_eq!(s, vec![1, 2]);
    let (r, s, _) = run("if 1 then");
    assert_eq!(r, Err(StackError::StackUnderflow));
    assert_eq!(s, Vec::<i64>::new());
    let (r, s, _) = run("4 + 6");
    assert_eq!(r, Err(StackError::StackUnderflow));
    assert_eq!(s, vec![4]);
}

#[test]
fn overflow_cases() {
    let (r, s, _) = run("9223372036854775807 1 +");
    assert_eq!(r, Err(StackError::Overflow));
    assert_eq!(s, vec![i64::MAX, 1]);
    let (r, s, _) = run("-9223372036854775808 -1 /");
    assert_eq!(r, Err(StackError::Overflow));
    assert_eq!(s, vec![i64::MIN, -1]);
    let (r, s, _) = run("-9223372036854775808 -1 mod");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![0]);
    let (r, s, _) = run("-9223372036854775808 1 -");
    assert_eq!(r, Err(StackError::Overflow));
    assert_eq!(s, vec![i64::MIN, 1]);
    let (r, _, _) = run("4611686018427387904 2 *");
    assert_eq!(r, Err(StackError::Overflow));
}

#[test]
fn errors_inside_words_keep_earlier_effects() {
    let mut m = Machine::new();
    assert_eq!(m.run(": boom 1 . 2 0 / 3 . ;"), Ok(()));
    assert_eq!(m.run("9 boom 4"), Err(StackError::DivisionByZero));
    assert_eq!(m.stack(), &[9, 2, 0]);
    assert_eq!(m.output(), "1 ");
}

#[test]
fn structural_errors_execute_nothing() {
    let mut m = Machine::new();
    assert_eq!(m.run("1 . : a 2 ;"), Ok(()));
    let cases: Vec<(&str, StackError)> = vec![
        ("5 . : b 1", StackError::InvalidDefinition),
        ("5 . ;", StackError::InvalidDefinition),
        ("5 . :", StackError::InvalidDefinition),
        ("5 . : 12 3 ;", StackError::InvalidDefinition),
        ("5 . : then 3 ;", StackError::InvalidDefinition),
        ("5 . : x : y ; ;", StackError::InvalidDefinition),
        ("5 1 if : z 1 ; then", StackError::InvalidDefinition),
        ("5 . then", StackError::UnbalancedIf),
        ("5 . 1 if 2", StackError::UnbalancedIf),
        ("5 . 1 if 2 else 3 else 4 then", StackError::UnbalancedIf),
        ("5 . : c 1 if 2 ;", StackError::UnbalancedIf),
        ("5 . : d else ;", StackError::UnbalancedIf),
        ("5 . 99999999999999999999", StackError::Overflow),
        ("5 . unknown then", StackError::UnbalancedIf),
    ];
    for (prog, err) in cases {
        assert_eq!(m.run(prog), Err(err), "program {prog:?}");
        assert_eq!(m.stack(), &[] as &[i64], "program {prog:?}");
        assert_eq!(m.output(), "1 ", "program {prog:?}");
    }
    assert_eq!(m.run("b"), Err(StackError::UnknownWord("b".into())));
    assert_eq!(m.run("a"), Ok(()));
    assert_eq!(m.stack(), &[2]);
}

#[test]
fn first_structural_error_wins() {
    let mut m = Machine::new();
    assert_eq!(m.run("then ;"), Err(StackError::UnbalancedIf));
    assert_eq!(m.run("; then"), Err(StackError::InvalidDefinition));
    assert_eq!(m.run("99999999999999999999 then"), Err(StackError::Overflow));
    assert_eq!(m.run(": e 1 if 2"), Err(StackError::InvalidDefinition));
}

#[test]
fn minus_alone_is_a_word_and_redefinable() {
    let (r, s, _) = run("10 3 - : - + ; 10 3 -");
    assert_eq!(r, Ok(()));
    assert_eq!(s, vec![7, 13]);
    let (r, _, _) = run("--5");
    assert_eq!(r, Err(StackError::UnknownWord("--5".into())));
}
