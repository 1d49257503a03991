// Passes the page's pointer events on the canvas (mouse and touch) to Dear ImGui and wakes the
// frame scheduler for each of them.
//
// Dear ImGui 1.86 reads mouse buttons as "down or up at frame time" (the input queue came in
// 1.87), so a press and release between two frames (a quick tap, or a test's click) would never
// be seen. The relay keeps mouse buttons and taps (read from the touch events: a busy tablet's
// emulated mouse events may never come) in one queue, in the browser's order, and hands them
// over one per frame, with the pointer where each happened. The keyboard does not come here: it
// belongs to the page's elements (a11y_tree). The wheel does not either: it scrolls the page.
#pragma once

#include <imgui.h>

#include "browser/frame_scheduler.hpp"

namespace ui::input_relay {

// Starts listening to the canvas's pointer events.
void install(FrameScheduler& frames);

// Call before ImGui::NewFrame: sets the pointer (CSS pixels on the canvas) and the buttons;
// delivers the next queued button change, and asks for another frame when more wait.
void new_frame(ImGuiIO& io);

}  // namespace ui::input_relay
