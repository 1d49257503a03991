// What the app tells the page around the canvas, and what it asks of it.
//
// ImGui draws pixels that screen readers and tests cannot see, so the card's state is mirrored
// into the #status aria-live region, and each button's rectangle is published on
// window.cameraCounter.rects (CSS pixels, page coordinates) for tests to click.
#pragma once

#include <string>

#include "model/local_time.hpp"

namespace ui::dom {

struct CssSize {
  int width;
  int height;
};

// The part of the page in the window: scrolled by `top`, `height` tall (CSS pixels).
struct PageView {
  float top;
  float height;
};
PageView page_view();
// Makes the page (the canvas) `height` tall when the window is shorter, so that it scrolls.
void fit_page_height(float height);

CssSize canvas_css_size();
float device_pixel_ratio();
bool prefers_dark();
bool prefers_reduced_motion();

// Sets the canvas's pixel size (CSS size x devicePixelRatio).
void set_canvas_pixels(int width, int height);

void publish_status(const std::string& text, const char* phase, bool has_value, double value,
                    bool stale, const std::string& banner, int waiting,
                    const std::string& reset_error);

// The sales panel on the status element: data-sold-today, data-sales-range, data-sales-open,
// data-sales-note (what the chart shows instead of bars).
void publish_sales(double sold_today, bool loaded, const char* range, bool open,
                   const std::string& note);

// The browser's time zone: Intl's name for it, and its offset from UTC at any time.
ui::LocalZone local_zone();

// data-stream on the status element: "live" while the live stream is up, else "polling".
void publish_stream(bool live);
void clear_rects();
void publish_rect(const char* name, float x, float y, float w, float h);
void count_frame();            // window.cameraCounter.frames, for the idle test
void publish_idle(bool idle);  // window.cameraCounter.idle: no frame scheduled
void hide_loader();            // the page's spinner, shown until the first frame
void mark(const char* name);   // a User Timing mark (DevTools, and the page benchmark)
void watch_color_scheme();     // calls camera_counter_wake() when the scheme changes

}  // namespace ui::dom
