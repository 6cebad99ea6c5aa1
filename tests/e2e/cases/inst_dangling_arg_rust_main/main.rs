// Rust destroys a C widget and then passes it to the C library again: the
// pointer argument is dangling at the moment of the call (caught at C's
// function entry: lib.c via ffisan-cc; main.rs with plain rustc).
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
        let w = widget_new(7); // line:new
        widget_destroy(w); // line:destroy
        let id = widget_id(w); // line:call
        eprintln!("done: {id}");
    }
}
