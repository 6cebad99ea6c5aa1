// Clean twin of inst_sae_ret_rust_main.
extern "C" {
    fn c_make_counter(start: i32) -> *mut i32;
}

fn main() {
    unsafe {
        let p = c_make_counter(7);
        *p += 1;
        let v = *p;
        eprintln!("done: {v}");
    }
}
