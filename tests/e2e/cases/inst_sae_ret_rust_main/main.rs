// C returns the address of a local of its own frame; Rust reads through it
// after the frame is gone: stack-address-escape (plain Rust load, main.rs
// via ffisan-rustc).
extern "C" {
    fn c_make_counter(start: i32) -> *mut i32;
}

fn main() {
    unsafe {
        let p = c_make_counter(7); // line:call
        let v = *p; // line:use
        eprintln!("done: {v}");
    }
}
