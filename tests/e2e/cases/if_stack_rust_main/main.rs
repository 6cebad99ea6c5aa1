// Rust hands C a pointer into its stack frame, C free()s it:
// invalid-free (stack address).
extern "C" {
    fn c_release(p: *mut u8);
}

#[inline(never)]
fn hand_over_stack_buffer() -> u8 {
    let mut buf = [0u8; 64];
    buf[3] = 9;
    unsafe { c_release(buf.as_mut_ptr()) }; // line:call
    std::hint::black_box(&mut buf)[3]
}

fn main() {
    let b = hand_over_stack_buffer();
    eprintln!("done {}", b);
}
