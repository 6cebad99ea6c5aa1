// Rust drives a C widget library; after destroying a widget it asks for the
// id of the last widget used, and C reads the freed widget's field.
#[repr(C)]
pub struct Widget {
    _private: [u8; 0],
}

extern "C" {
    fn widget_new(id: i32) -> *mut Widget;
    fn widget_use(w: *mut Widget);
    fn widget_destroy(w: *mut Widget);
    fn widget_last_id() -> i32;
}

fn main() {
    unsafe {
        let w = widget_new(7); // line:new
        widget_use(w);
        widget_destroy(w); // line:destroy
        let id = widget_last_id(); // line:call
        eprintln!("done: last id {id}");
    }
}
