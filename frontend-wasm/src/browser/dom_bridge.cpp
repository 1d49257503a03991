// EM_JS bodies pass through the C preprocessor: they use double quotes only.
#include "browser/dom_bridge.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>

namespace ui::dom {

namespace {

EM_JS(void, js_publish_status,
      (const char* text, const char* phase, int has_value, double value, int stale,
       const char* banner, int waiting, const char* reset_error),
      {
        var el = document.getElementById("status");
        var t = UTF8ToString(text);
        if (el.textContent != t) el.textContent = t;
        el.dataset.phase = UTF8ToString(phase);
        el.dataset.value = has_value ? String(value) : "";
        el.dataset.stale = stale ? "true" : "false";
        el.dataset.banner = UTF8ToString(banner);
        el.dataset.waiting = String(waiting);
        el.dataset.resetError = UTF8ToString(reset_error);
      });

EM_JS(void, js_publish_stream, (int live),
      { document.getElementById("status").dataset.stream = live ? "live" : "polling"; });

// data-sold-today ("" until loaded), data-sales-range (day, fortnight), data-sales-open.
EM_JS(void, js_publish_sales,
      (double sold_today, int loaded, const char* range, int open, const char* note), {
        var d = document.getElementById("status").dataset;
        d.soldToday = loaded ? String(sold_today) : "";
        d.salesRange = UTF8ToString(range);
        d.salesOpen = open ? "true" : "false";
        d.salesNote = UTF8ToString(note);
      });

EM_JS(int, js_tz_offset_min, (double unix_ms), { return -new Date(unix_ms).getTimezoneOffset(); });

// The zone's IANA name, as a string the caller frees; empty when the browser names none.
EM_JS(char*, js_tz_name, (), {
  var name = "";
  try {
    name = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
  }
  return allocateUTF8(name);
});

EM_JS(void, js_publish_rect, (const char* name, float x, float y, float w, float h), {
  var cc = window.cameraCounter || (window.cameraCounter = {frames : 0, rects : {}});
  var box = Module.canvas.getBoundingClientRect();
  cc.rects[UTF8ToString(name)] = {x : box.left + x, y : box.top + y, width : w, height : h};
});

EM_JS(void, js_clear_rects, (), {
  if (window.cameraCounter) window.cameraCounter.rects = {};
});

EM_JS(void, js_count_frame, (), {
  var cc = window.cameraCounter || (window.cameraCounter = {frames : 0, rects : {}});
  cc.frames++;
});

EM_JS(void, js_publish_idle, (int idle), {
  var cc = window.cameraCounter || (window.cameraCounter = {frames : 0, rects : {}});
  cc.idle = idle != 0;
});

EM_JS(double, js_scroll_top, (), { return window.scrollY; });
EM_JS(double, js_view_height, (), { return window.innerHeight; });

// The canvas as tall as the card needs when that is more than the window (the page scrolls),
// else the window's height (style.css).
EM_JS(void, js_fit_page_height, (float height), {
  var canvas = Module.canvas;
  var wanted = height > window.innerHeight ? Math.ceil(height) + "px" : "";  // "": style.css
  if (canvas.style.height != wanted) canvas.style.height = wanted;
});

EM_JS(void, js_hide_loader, (), { document.getElementById("loader").hidden = true; });

EM_JS(void, js_mark, (const char* name), { performance.mark(UTF8ToString(name)); });

EM_JS(int, js_prefers_dark, (),
      { return window.matchMedia("(prefers-color-scheme: dark)").matches ? 1 : 0; });

EM_JS(int, js_prefers_reduced_motion, (),
      { return window.matchMedia("(prefers-reduced-motion: reduce)").matches ? 1 : 0; });

EM_JS(void, js_watch_color_scheme, (), {
  window.matchMedia("(prefers-color-scheme: dark)")
      .addEventListener(
          "change", function() { _camera_counter_wake(); });
});

}  // namespace

CssSize canvas_css_size() {
  double w = 0, h = 0;
  emscripten_get_element_css_size("#canvas", &w, &h);
  return {static_cast<int>(w), static_cast<int>(h)};
}

float device_pixel_ratio() {
  return static_cast<float>(emscripten_get_device_pixel_ratio());
}

bool prefers_dark() {
  return js_prefers_dark() != 0;
}

bool prefers_reduced_motion() {
  return js_prefers_reduced_motion() != 0;
}

PageView page_view() {
  return {static_cast<float>(js_scroll_top()), static_cast<float>(js_view_height())};
}

void fit_page_height(float height) {
  js_fit_page_height(height);
}

void set_canvas_pixels(int width, int height) {
  emscripten_set_canvas_element_size("#canvas", width, height);
}

void publish_sales(double sold_today, bool loaded, const char* range, bool open,
                   const std::string& note) {
  js_publish_sales(sold_today, loaded, range, open, note.c_str());
}

ui::LocalZone local_zone() {
  char* name = js_tz_name();
  ui::LocalZone zone{name, [](double unix_ms) { return js_tz_offset_min(unix_ms); }};
  std::free(name);
  return zone;
}

void publish_status(const std::string& text, const char* phase, bool has_value, double value,
                    bool stale, const std::string& banner, int waiting,
                    const std::string& reset_error) {
  js_publish_status(text.c_str(), phase, has_value, value, stale, banner.c_str(), waiting,
                    reset_error.c_str());
}

void publish_stream(bool live) {
  js_publish_stream(live);
}

void publish_rect(const char* name, float x, float y, float w, float h) {
  js_publish_rect(name, x, y, w, h);
}

void clear_rects() {
  js_clear_rects();
}

void count_frame() {
  js_count_frame();
}
void publish_idle(bool idle) {
  js_publish_idle(idle);
}
void hide_loader() {
  js_hide_loader();
}
void mark(const char* name) {
  js_mark(name);
}
void watch_color_scheme() {
  js_watch_color_scheme();
}

}  // namespace ui::dom
