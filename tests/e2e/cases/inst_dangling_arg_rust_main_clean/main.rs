// Clean twin of inst_dangling_arg_rust_main: the id is read first.
#[repr(C)]
pub struct Widget {
    _private: [u8; 0],
}

extern "C" {
    fn widget_new(id: i32) -> *mut Widget;
    fn widget_destroy(w: *mut Widget);
    fn widget_id(w: *const Widget) -> i32;
}

fn main() {
    unsafe {
        let w = widget_new(7);
        let id = widget_id(w);
        widget_destroy(w);
        eprintln!("done: {id}");
    }
}
